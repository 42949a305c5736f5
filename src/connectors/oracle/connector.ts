import type { ConnectorModule } from '../ConnectorModule.js';
import { connectionUrl } from '../connectionUrl.js';
import { TransactionalSink } from '../relational/TransactionalSink.js';
import { ORACLE } from './descriptor.js';
import { ORACLE_DIALECT } from './oracleDialect.js';
import { OracleSessions } from './oracleSession.js';

export const createSink: ConnectorModule['createSink'] = (spec, config) =>
  new TransactionalSink(spec, ORACLE_DIALECT, new OracleSessions(connectionUrl(ORACLE, config)));
