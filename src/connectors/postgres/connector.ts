import type { ConnectorModule } from '../ConnectorModule.js';
import { connectionUrl } from '../connectionUrl.js';
import { TransactionalSink } from '../relational/TransactionalSink.js';
import { POSTGRES } from './descriptor.js';
import { POSTGRES_DIALECT } from './postgresDialect.js';
import { PostgresSessions } from './postgresSession.js';

export const createSink: ConnectorModule['createSink'] = (spec, config) => {
  const url = connectionUrl(POSTGRES, config);
  return new TransactionalSink(spec, POSTGRES_DIALECT, new PostgresSessions(url), new PostgresSessions(url));
};
