import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { BIGINT, INT, STRING } from '../../src/core/SqlType.js';
import { POSTGRES_DIALECT } from '../../src/connectors/postgres/postgresDialect.js';
import { PostgresSessions } from '../../src/connectors/postgres/postgresSession.js';
import { classifyPostgresError } from '../../src/connectors/postgres/postgresErrors.js';
import { TransactionalSink } from '../../src/connectors/relational/TransactionalSink.js';
import type { DeadLetterRow, SinkSpec } from '../../src/runtime/ports/Sink.js';
import type { Row, Schema } from '../../src/core/Schema.js';
import { failingCommit } from '../helpers/failingCommit.js';
import { runSinkConformance, type SinkHarness } from './sinkConformance.js';

const url = process.env.K2O_POSTGRES_URL ?? 'postgres://k2o@127.0.0.1:55432/k2o';

/** The sinks' sessions run in an odd time zone (+05:45), so a conversion through local time shows. */
function inOddTimeZone(base: string): string {
  const u = new URL(base);
  u.searchParams.set('options', '-c TimeZone=Asia/Kathmandu');
  return u.toString();
}
const sinkUrl = inOddTimeZone(url);

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
    makeSink: (spec: SinkSpec, options) => {
      const sessions = new PostgresSessions(sinkUrl);
      return new TransactionalSink(spec, POSTGRES_DIALECT, options?.failBeforeCommit ? failingCommit(sessions) : sessions);
    },
    async readTable(table: string, schema: Schema): Promise<Row[]> {
      const columns = schema.map((c) => selectExpression(c.name.toLowerCase(), c.type.kind)).join(', ');
      const result = await client.query({ text: `SELECT ${columns} FROM "${table.toLowerCase()}"`, rowMode: 'array' });
      return result.rows as Row[];
    },
    async readDeadLetters(queryId: string, table = 'k2o_dead_letters'): Promise<DeadLetterRow[]> {
      const result = await client.query<DeadLetterRow>(
        [
          'SELECT topic, partition, record_offset::text AS "offset", (extract(epoch FROM record_timestamp) * 1000)::float8 AS "timestamp",',
          '  record_key AS "key", record_value AS "value", reason',
          `FROM "${table.toLowerCase()}" WHERE query_id = $1 AND failed_at > now() - INTERVAL '1 hour'`,
          'ORDER BY topic, partition, record_offset',
        ].join('\n'),
        [queryId],
      );
      return result.rows.map((r) => ({ ...r }));
    },
    emptyStringIsNull: false,
    async dropTable(table: string, queryId: string): Promise<void> {
      await client.query(`DROP TABLE IF EXISTS "${table.toLowerCase()}"`);
      await client.query('DELETE FROM k2o_offsets WHERE query_id LIKE $1', [`${queryId}%`]);
      await client.query('DELETE FROM k2o_state WHERE query_id LIKE $1', [`${queryId}%`]);
      await client.query('DELETE FROM k2o_dead_letters WHERE query_id LIKE $1', [`${queryId}%`]).catch(() => {});
    },
    close: () => client.end(),
  };
}

runSinkConformance('TransactionalSink on PostgreSQL', postgresHarness);

describe('TransactionalSink on PostgreSQL: dead-letter table', () => {
  it('refuses an existing dead-letter table without a unique key on (query_id, topic, partition, record_offset)', async () => {
    const client = new pg.Client(url);
    await client.connect();
    const suffix = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
    const dlq = `k2o_dlq_nokey_${suffix}`;
    const table = `k2o_dlq_target_${suffix}`;
    try {
      await client.query(
        `CREATE TABLE ${dlq} (query_id TEXT NOT NULL, topic TEXT NOT NULL, partition INTEGER NOT NULL, record_offset BIGINT NOT NULL, ` +
          'record_timestamp TIMESTAMPTZ NOT NULL, record_key TEXT, record_value TEXT, reason TEXT NOT NULL, failed_at TIMESTAMPTZ NOT NULL)',
      );
      const spec: SinkSpec = {
        table,
        schema: [{ name: 'id', type: INT, nullable: false }],
        mode: 'append',
        key: [],
        queryId: `dlq-nokey-${suffix}`,
        deadLetterTable: dlq,
      };
      const sink = new TransactionalSink(spec, POSTGRES_DIALECT, new PostgresSessions(url));
      try {
        await expect(sink.open()).rejects.toThrow(
          `table "${dlq}" has no primary key or unique index on (query_id, topic, partition, record_offset), which k2o needs to store each dead letter once`,
        );
        await client.query(`ALTER TABLE ${dlq} ADD PRIMARY KEY (record_offset, partition, topic, query_id)`);
        await sink.open();
      } finally {
        await sink.close();
      }
    } finally {
      await client.query(`DROP TABLE IF EXISTS ${dlq}`);
      await client.query(`DROP TABLE IF EXISTS ${table}`);
      await client.end();
    }
  });
});

describe('TransactionalSink on PostgreSQL: error classification', () => {
  const suffix = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
  const table = `k2o_classify_${suffix}`;
  const spec: SinkSpec = {
    table,
    schema: [{ name: 'id', type: INT, nullable: false }],
    mode: 'append',
    key: [],
    queryId: `classify-${suffix}`,
  };
  // NULL into a NOT NULL column: an error the server gives on every attempt.
  const refusedBatch = (sink: TransactionalSink<unknown, unknown>) =>
    sink.writeBatch([[null]], [{ topic: 'orders', partition: 0, offset: '1' }]);

  it('leaves the errors the dialect calls transient retriable; one it calls permanent stops the retry', async () => {
    const sink = new TransactionalSink(spec, { ...POSTGRES_DIALECT, classify: () => ({ kind: 'transient' }) }, new PostgresSessions(url));
    const strict = new TransactionalSink(
      spec,
      { ...POSTGRES_DIALECT, classify: () => ({ kind: 'statement', code: '42000', fix: 'fix it' }) },
      new PostgresSessions(url),
    );
    const client = new pg.Client(url);
    await client.connect();
    try {
      await sink.open();
      const asIs = await refusedBatch(sink).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(asIs).toBeInstanceOf(Error);
      expect((asIs as Error).message).toMatch(/null value in column "id"/);
      expect(asIs).not.toHaveProperty('retriable');
      await expect(refusedBatch(strict)).rejects.toMatchObject({
        retriable: false,
        message: expect.stringMatching(/null value in column "id"/),
      });
      await expect(refusedBatch(strict)).rejects.toThrow(`PostgreSQL refused a statement on table "${table}"`);
      expect(await sink.readOffsets()).toEqual([]);
    } finally {
      await sink.close();
      await strict.close();
      await client.query(`DROP TABLE IF EXISTS ${table}`);
      await client.query('DELETE FROM k2o_offsets WHERE query_id = $1', [spec.queryId]);
      await client.end();
    }
  });

  it('a column dropped under a running query (42703) ends it at once, naming the table, the column and the fix', async () => {
    const wide: SinkSpec = {
      ...spec,
      table: `${table}_wide`,
      queryId: `${spec.queryId}-wide`,
      schema: [...spec.schema, { name: 'label', type: STRING, nullable: true }],
    };
    const sink = new TransactionalSink(wide, POSTGRES_DIALECT, new PostgresSessions(url));
    const client = new pg.Client(url);
    await client.connect();
    try {
      await sink.open();
      await client.query(`ALTER TABLE ${wide.table} DROP COLUMN label`);
      const refused = sink.writeBatch([[1, 'a']], [{ topic: 'orders', partition: 0, offset: '1' }]);
      await expect(refused).rejects.toMatchObject({ retriable: false });
      await expect(refused).rejects.toThrow(
        `PostgreSQL refused a statement on table "${wide.table}": column "label" of relation "${wide.table}" does not exist (42703); ` +
          'the table lacks a column the query writes: add the column, or write into a new table that k2o creates',
      );
    } finally {
      await sink.close();
      await client.query(`DROP TABLE IF EXISTS ${wide.table}`);
      await client.query('DELETE FROM k2o_offsets WHERE query_id = $1', [wide.queryId]);
      await client.end();
    }
  });

  it('a server that ends a checked-out connection is a transient error on its next statement, never an unhandled error event', async () => {
    const sessions = new PostgresSessions(url);
    const client = new pg.Client(url);
    await client.connect();
    try {
      const session = await sessions.acquire();
      const { pid } = ((await session.execute('SELECT pg_backend_pid() AS pid')) as { pid: number }[])[0]!;
      await client.query('SELECT pg_terminate_backend($1)', [pid]);
      // pg reports the end on the idle, checked-out client as an 'error' event.
      await new Promise((r) => setTimeout(r, 300));
      const lost = await session.execute('SELECT 1').then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(lost).toBeInstanceOf(Error);
      expect(classifyPostgresError(lost).kind).toBe('transient');
      await session.discard();
      const fresh = await sessions.acquire();
      expect(await fresh.execute('SELECT 1 AS one')).toEqual([{ one: 1 }]);
      await fresh.release();
    } finally {
      await sessions.close();
      await client.end();
    }
  });
});

describe('TransactionalSink on PostgreSQL: a key that can be NULL', () => {
  it('refuses an existing table whose unique index treats NULLs as distinct, naming the index to add; opens once it exists', async () => {
    const client = new pg.Client(url);
    await client.connect();
    const table = `k2o_nullkey_${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
    try {
      await client.query(`CREATE TABLE ${table} (k TEXT, n BIGINT NOT NULL, UNIQUE (k))`);
      const spec: SinkSpec = {
        table,
        schema: [
          { name: 'k', type: STRING, nullable: true },
          { name: 'n', type: BIGINT, nullable: false },
        ],
        mode: 'update',
        key: ['k'],
        queryId: `nullkey-${table}`,
      };
      const sink = new TransactionalSink(spec, POSTGRES_DIALECT, new PostgresSessions(url));
      try {
        await expect(sink.open()).rejects.toThrow(`table "${table}" has a unique index on (k) that treats NULLs as distinct`);
        await expect(sink.open()).rejects.toThrow(`CREATE UNIQUE INDEX ON "${table}" ("k") NULLS NOT DISTINCT`);
        await client.query(`CREATE UNIQUE INDEX ON ${table} (k) NULLS NOT DISTINCT`);
        await sink.open();
        await sink.writeBatch(
          [
            [null, 1],
            ['a', 1],
          ],
          [],
        );
        await sink.writeBatch([[null, 2]], []);
        const rows = await client.query(`SELECT k, n::int AS n FROM ${table} ORDER BY k NULLS FIRST`);
        expect(rows.rows).toEqual([
          { k: null, n: 2 },
          { k: 'a', n: 1 },
        ]);
      } finally {
        await sink.close();
      }
    } finally {
      await client.query(`DROP TABLE IF EXISTS ${table}`);
      await client.query('DELETE FROM k2o_offsets WHERE query_id = $1', [`nullkey-${table}`]);
      await client.end();
    }
  });
});

/**
 * Two queries of one file start side by side, and on a new database neither
 * finds k2o's offsets, state and dead-letter tables: both create them at once.
 * PostgreSQL's CREATE TABLE IF NOT EXISTS fails one of two concurrent creators
 * (a duplicate pg_type row), which failed the second query at start.
 */
describe('PostgreSQL sink: queries opened at once on a database without k2o tables', () => {
  it('every sink opens, and each writes its batch', async () => {
    const client = new pg.Client(url);
    await client.connect();
    const schema = `fresh_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
    await client.query(`CREATE SCHEMA ${schema}`);
    const sinks = Array.from({ length: 4 }, (_, i) => {
      const spec: SinkSpec = {
        table: `${schema}.t${i}`,
        schema: [{ name: 'id', type: INT, nullable: false }],
        mode: 'append',
        key: [],
        queryId: `${schema}-q${i}`,
      };
      return new TransactionalSink(spec, POSTGRES_DIALECT, new PostgresSessions(url));
    });
    try {
      const opened = await Promise.allSettled(sinks.map((s) => s.open()));
      expect(opened.map((o) => (o.status === 'rejected' ? String(o.reason) : 'opened'))).toEqual(sinks.map(() => 'opened'));
      await Promise.all(sinks.map((s, i) => s.writeBatch([[i]], [{ topic: 't', partition: 0, offset: String(i + 1) }])));
      const stored = await client.query(`SELECT query_id, next_offset::int AS o FROM ${schema}.k2o_offsets ORDER BY query_id`);
      expect(stored.rows).toEqual(sinks.map((_, i) => ({ query_id: `${schema}-q${i}`, o: i + 1 })));
    } finally {
      await Promise.all(sinks.map((s) => s.close()));
      await client.query(`DROP SCHEMA ${schema} CASCADE`);
      await client.end();
    }
  });
});
