import type { ConnectorModule } from '../ConnectorModule.js';
import { connectionUrl } from '../connectionUrl.js';
import { TableCopy } from '../relational/TableCopy.js';
import { ensureDeclaredTable } from '../relational/declaredTable.js';
import { TransactionalSink } from '../relational/TransactionalSink.js';
import { POSTGRES } from './descriptor.js';
import { pgText, POSTGRES_COPY } from './postgresCopySql.js';
import { POSTGRES_DIALECT } from './postgresDialect.js';
import { PostgresSessions } from './postgresSession.js';
import { PostgresTableSource } from './PostgresTableSource.js';

export const createSink: ConnectorModule['createSink'] = (spec, config) => {
  const url = connectionUrl(POSTGRES, config);
  return new TransactionalSink(spec, POSTGRES_DIALECT, new PostgresSessions(url), new PostgresSessions(url));
};

export const createTableSource: ConnectorModule['createTableSource'] = (spec, config) =>
  new PostgresTableSource(spec, connectionUrl(POSTGRES, config));

export const createCopyTarget: ConnectorModule['createCopyTarget'] = (spec, config) =>
  new TableCopy(spec, POSTGRES_DIALECT, POSTGRES_COPY, new PostgresSessions(connectionUrl(POSTGRES, config)), pgText);

export const ensureTable: ConnectorModule['ensureTable'] = (def, config) =>
  ensureDeclaredTable(def, POSTGRES_DIALECT, new PostgresSessions(connectionUrl(POSTGRES, config)));
