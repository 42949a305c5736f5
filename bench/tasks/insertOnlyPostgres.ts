import type { RegisteredConnector } from '../../src/connectors/ConnectorModule.js';
import { connectionUrl } from '../../src/connectors/connectionUrl.js';
import { POSTGRES } from '../../src/connectors/postgres/descriptor.js';
import { POSTGRES_DIALECT } from '../../src/connectors/postgres/postgresDialect.js';
import { PostgresSessions } from '../../src/connectors/postgres/postgresSession.js';
import { CONNECTORS } from '../../src/connectors/registry.js';
import { TransactionalSink } from '../../src/connectors/relational/TransactionalSink.js';

/** The PostgreSQL dialect without its bulk load: every batch's rows by the unnest INSERT, the sink as it was before COPY. */
export const INSERT_ONLY_DIALECT = { ...POSTGRES_DIALECT, bulkLoad: undefined };

/** The connectors k2o ships, with the PostgreSQL sink writing by INSERT: the "before" beside COPY's "after" in one run. */
export const INSERT_ONLY_CONNECTORS: readonly RegisteredConnector[] = CONNECTORS.map((c) =>
  c.descriptor !== POSTGRES
    ? c
    : {
        descriptor: POSTGRES,
        load: async () => ({
          ...(await c.load()),
          createSink: (spec, config) => {
            const url = connectionUrl(POSTGRES, config);
            return new TransactionalSink(spec, INSERT_ONLY_DIALECT, new PostgresSessions(url), new PostgresSessions(url));
          },
        }),
      },
);
