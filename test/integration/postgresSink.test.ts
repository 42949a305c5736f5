import pg from 'pg';
import { PostgresSink } from '../../src/connectors/postgres/PostgresSink.js';
import type { SinkSpec } from '../../src/connectors/Sink.js';
import type { Row, Schema } from '../../src/runtime/Row.js';
import { runSinkConformance, type SinkHarness } from './sinkConformance.js';

const url = process.env.K2O_POSTGRES_URL ?? 'postgres://k2o@127.0.0.1:55432/k2o';

/** The sinks' sessions run in an odd time zone (+05:45), so a conversion through local time shows. */
function inOddTimeZone(base: string): string {
  const u = new URL(base);
  u.searchParams.set('options', '-c TimeZone=Asia/Kathmandu');
  return u.toString();
}
const sinkUrl = inOddTimeZone(url);

/** The real sink on a connection whose COMMIT fails: the fault the suite injects. */
class FailingCommitPostgresSink extends PostgresSink {
  protected override async connect(): Promise<pg.PoolClient> {
    const client = await super.connect();
    return new Proxy(client, {
      get(target, prop, receiver) {
        if (prop !== 'query') return Reflect.get(target, prop, receiver);
        return (query: unknown, ...rest: unknown[]) => {
          if (query === 'COMMIT') return Promise.reject(new Error('injected failure before COMMIT'));
          return (target.query as (...args: unknown[]) => unknown).call(target, query, ...rest);
        };
      },
    });
  }
}

/** Reads each column back in the Row representation, whatever pg's own parsing would give. */
function selectExpression(name: string, kind: string): string {
  const col = `"${name}"`;
  switch (kind) {
    case 'TIMESTAMP':
    case 'INTERVAL':
      return `(extract(epoch FROM ${col}) * 1000)::float8`;
    case 'BIGINT':
    case 'DECIMAL':
      return `${col}::float8`;
    case 'DATE':
      return `${col}::text`;
    default:
      return col;
  }
}

async function postgresHarness(): Promise<SinkHarness> {
  const client = new pg.Client(url);
  await client.connect();
  return {
    makeSink: (spec: SinkSpec, options) =>
      options?.failBeforeCommit ? new FailingCommitPostgresSink(sinkUrl, spec) : new PostgresSink(sinkUrl, spec),
    async readTable(table: string, schema: Schema): Promise<Row[]> {
      const columns = schema.map((c) => selectExpression(c.name.toLowerCase(), c.type.kind)).join(', ');
      const result = await client.query({ text: `SELECT ${columns} FROM "${table.toLowerCase()}"`, rowMode: 'array' });
      return result.rows as Row[];
    },
    emptyStringIsNull: false,
    async dropTable(table: string, queryId: string): Promise<void> {
      await client.query(`DROP TABLE IF EXISTS "${table.toLowerCase()}"`);
      await client.query('DELETE FROM k2o_offsets WHERE query_id LIKE $1', [`${queryId}%`]);
    },
    close: () => client.end(),
  };
}

runSinkConformance('PostgresSink', postgresHarness);
