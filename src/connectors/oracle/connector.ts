import type { ConnectorModule } from '../ConnectorModule.js';
import { connectionUrl } from '../connectionUrl.js';
import { TableCopy } from '../relational/TableCopy.js';
import { ensureDeclaredTable } from '../relational/declaredTable.js';
import { TransactionalSink } from '../relational/TransactionalSink.js';
import { ORACLE } from './descriptor.js';
import { ORACLE_COPY, oracleText } from './oracleCopySql.js';
import { ORACLE_DIALECT } from './oracleDialect.js';
import { OracleSessions } from './oracleSession.js';
import { OracleTableSource } from './OracleTableSource.js';

export const createSink: ConnectorModule['createSink'] = (spec, config) =>
  new TransactionalSink(spec, ORACLE_DIALECT, new OracleSessions(connectionUrl(ORACLE, config)));

export const createTableSource: ConnectorModule['createTableSource'] = (spec, config) =>
  new OracleTableSource(spec, connectionUrl(ORACLE, config));

export const createCopyTarget: ConnectorModule['createCopyTarget'] = (spec, config) =>
  new TableCopy(spec, ORACLE_DIALECT, ORACLE_COPY, new OracleSessions(connectionUrl(ORACLE, config)), oracleText);

export const ensureTable: ConnectorModule['ensureTable'] = (def, config) =>
  ensureDeclaredTable(def, ORACLE_DIALECT, new OracleSessions(connectionUrl(ORACLE, config)));
