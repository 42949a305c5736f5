import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKafka } from '../../src/connectors/kafka/kafkaClient.js';
import { produceJson } from '../../src/connectors/kafka/produceJson.js';
import { ensureTopic } from '../../src/connectors/kafka/topics.js';
import { ksqlFile, runCli } from '../helpers/cli.js';
import { uniqueName } from '../helpers/kafka.js';

const brokers = (process.env['K2O_KAFKA_BROKERS'] ?? '127.0.0.1:19092').split(',');
const pgUrl = process.env['K2O_POSTGRES_URL'] ?? 'postgres://k2o@127.0.0.1:55432/k2o';
const PARTITIONS = 2;

type Rec = Record<string, unknown>;

/** Counts per key worked out from the records themselves; `keyOf` undefined drops the record. */
function countsBy(records: readonly Rec[], keyOf: (r: Rec) => string | null | undefined): Map<string | null, number> {
  const counts = new Map<string | null, number>();
  for (const r of records) {
    const k = keyOf(r);
    if (k !== undefined) counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return counts;
}

const firstRecords: Rec[] = [{ k: 'a', v: 1 }, { k: 'b', v: 2 }, { k: 'a', v: 3 }, { v: 4 }, { k: null, v: 5 }];
const laterRecords: Rec[] = [{ k: 'b', v: 6 }, { v: 7 }, { k: 'c', v: 8 }];

/**
 * Each keyed UPDATE form of issue 8 through the real broker into a table k2o
 * creates itself in the real PostgreSQL, run twice (the second run upserts into
 * the table the first created): it must start, and the table must hold what the
 * records say, the NULL key as one group.
 */
describe('k2o run: keyed MODE UPDATE into a table k2o creates', () => {
  const kafka = createKafka(brokers, 'k2o-test-keyed-update');
  const db = new pg.Client({ connectionString: pgUrl });
  const tables: string[] = [];

  beforeAll(async () => {
    await db.connect();
  });

  afterAll(async () => {
    for (const t of tables) await db.query(`DROP TABLE IF EXISTS ${t}`).catch(() => {});
    await db.end();
  });

  const produce = async (topic: string, records: readonly Rec[]) =>
    produceJson(
      kafka,
      topic,
      records.map((value, i) => ({ value, partition: i % PARTITIONS })),
    );

  /** Runs `statements` (with TOPIC and TABLE filled in) over both record sets, checking the table after each run. */
  async function runTwice(
    statements: (names: { topic: string; table: string }) => string,
    records: { first: readonly Rec[]; later: readonly Rec[] },
    expected: (records: readonly Rec[]) => Map<string | null, number>,
    columns: { key: string; count: string } = { key: 'k', count: 'n' },
  ): Promise<void> {
    const topic = uniqueName('kv').replace(/-/g, '_');
    const table = `r_${topic}`;
    tables.push(table);
    await ensureTopic(kafka, topic, PARTITIONS);
    const file = ksqlFile(statements({ topic, table }));
    const seen: Rec[] = [];
    for (const batch of [records.first, records.later]) {
      await produce(topic, batch);
      seen.push(...batch);
      const run = await runCli(['run', file]);
      expect(run.code, run.stderr).toBe(0);
      const rows = (
        await db.query<{ key: string | null; count: string }>(`SELECT ${columns.key} AS key, ${columns.count} AS count FROM ${table}`)
      ).rows;
      const got = new Map(rows.map((r) => [r.key, Number(r.count)]));
      expect(rows.length, 'one row per key').toBe(got.size);
      expect(got).toEqual(expected(seen));
    }
  }

  it('a plain nullable key: the NULL key is one group, updated in place', async () => {
    await runTwice(
      ({ topic, table }) =>
        `CREATE STREAM kv (k STRING, v DOUBLE) WITH (topic = '${topic}');\n` +
        `SELECT k, count(*) AS n FROM KAFKA kv GROUP BY k INTO POSTGRES ${table} MODE UPDATE AVAILABLE NOW;`,
      { first: firstRecords, later: laterRecords },
      (rs) => countsBy(rs, (r) => (r['k'] as string | undefined) ?? null),
    );
    const key = await db.query(`SELECT conname FROM pg_constraint WHERE conrelid = to_regclass($1) AND contype = 'p'`, [tables.at(-1)]);
    expect(key.rows, 'no primary key over a column that holds NULL').toEqual([]);
  });

  it("coalesce(k, 'none') as the key", async () => {
    await runTwice(
      ({ topic, table }) =>
        `CREATE STREAM kv (k STRING, v DOUBLE) WITH (topic = '${topic}');\n` +
        `SELECT coalesce(k, 'none') AS k, count(*) AS n FROM KAFKA kv GROUP BY coalesce(k, 'none') INTO POSTGRES ${table} MODE UPDATE AVAILABLE NOW;`,
      { first: firstRecords, later: laterRecords },
      (rs) => countsBy(rs, (r) => (r['k'] as string | undefined) ?? 'none'),
    );
    const key = await db.query(`SELECT conname FROM pg_constraint WHERE conrelid = to_regclass($1) AND contype = 'p'`, [tables.at(-1)]);
    expect(key.rows).toHaveLength(1);
  });

  it('WHERE k IS NOT NULL', async () => {
    await runTwice(
      ({ topic, table }) =>
        `CREATE STREAM kv (k STRING, v DOUBLE) WITH (topic = '${topic}');\n` +
        `SELECT k, count(*) AS n FROM KAFKA kv WHERE k IS NOT NULL GROUP BY k INTO POSTGRES ${table} MODE UPDATE AVAILABLE NOW;`,
      { first: firstRecords, later: laterRecords },
      (rs) => countsBy(rs, (r) => (r['k'] as string | undefined) ?? undefined),
    );
  });

  it('k declared STRING NOT NULL (a record without it is a dead letter)', async () => {
    await runTwice(
      ({ topic, table }) =>
        `CREATE STREAM kv (k STRING NOT NULL, v DOUBLE) WITH (topic = '${topic}');\n` +
        `SELECT k, count(*) AS n FROM KAFKA kv GROUP BY k INTO POSTGRES ${table} MODE UPDATE AVAILABLE NOW;`,
      { first: firstRecords, later: laterRecords },
      (rs) => countsBy(rs, (r) => (r['k'] as string | undefined) ?? undefined),
    );
  });

  it('the order_totals example of docs/language.md', async () => {
    const orders = (n: number, from: number): Rec[] =>
      Array.from({ length: n }, (_, i) => ({ customer_id: i % 5 === 4 ? null : `c${(from + i) % 3}`, amount: from + i }));
    const first = orders(20, 0);
    const later = orders(7, 100);
    await runTwice(
      ({ topic, table }) =>
        `CREATE TABLE ${table} (\n  customer_id STRING,\n  total DOUBLE,\n  orders BIGINT NOT NULL,\n  PRIMARY KEY (customer_id)\n) IN POSTGRES;\n\n` +
        `SELECT customer_id, sum(amount) AS total, count(*) AS orders\nFROM KAFKA ${topic}\nGROUP BY customer_id\nINTO POSTGRES ${table} MODE UPDATE AVAILABLE NOW;`,
      { first, later },
      (rs) => countsBy(rs, (r) => r['customer_id'] as string | null),
      { key: 'customer_id', count: 'orders' },
    );
    const table = tables.at(-1)!;
    const totals = (await db.query<{ customer_id: string | null; total: number }>(`SELECT customer_id, total FROM ${table}`)).rows;
    const want = new Map<string | null, number>();
    for (const r of [...first, ...later])
      want.set(r['customer_id'] as string | null, (want.get(r['customer_id'] as string | null) ?? 0) + (r['amount'] as number));
    expect(new Map(totals.map((r) => [r.customer_id, r.total]))).toEqual(want);
  });
});
