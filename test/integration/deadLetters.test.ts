import { spawn } from 'node:child_process';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASE64_MARKER } from '../../src/runtime/ports/deadLetterRow.js';
import { createKafka } from '../../src/connectors/kafka/kafkaClient.js';
import { produceJson, type JsonRecord } from '../../src/connectors/kafka/produceJson.js';
import { ensureTopic } from '../../src/connectors/kafka/topics.js';
import { CLI, ksqlFile, runCli } from '../helpers/cli.js';
import { uniqueName } from '../helpers/kafka.js';

const brokers = (process.env['K2O_KAFKA_BROKERS'] ?? '127.0.0.1:19092').split(',');
const pgUrl = process.env['K2O_POSTGRES_URL'] ?? 'postgres://k2o@127.0.0.1:55432/k2o';
const T0 = Date.UTC(2024, 5, 1, 12, 0, 0, 123);

interface StoredDeadLetter {
  topic: string;
  partition: number;
  offset: string;
  timestamp: number;
  key: string | null;
  value: string | null;
  reason: string;
}

/**
 * `k2o run` end to end: records that cannot become rows land in the dead-letter
 * table with their reason, in the same transaction as the rows and offsets.
 */
describe('k2o run: dead letters into PostgreSQL', () => {
  const kafka = createKafka(brokers, 'k2o-test-dead-letters');
  const db = new pg.Client({ connectionString: pgUrl });
  const topic = uniqueName('dl').replace(/-/g, '_');
  const dropped: string[] = [];
  const queryIds: string[] = [];

  const stream = `CREATE STREAM ${topic} (order_id STRING NOT NULL, amount DOUBLE NOT NULL, region STRING) WITH (topic = '${topic}');`;

  // Partition 0: good, bad JSON, good, wrong type. Partition 1: NOT NULL missing, good, not UTF-8.
  const records: (JsonRecord & { partition: number; timestamp: number })[] = [
    { partition: 0, timestamp: T0, key: 'o1', value: { order_id: 'o1', amount: 10.5, region: 'eu' } },
    { partition: 0, timestamp: T0 + 1, key: 'o2', value: Buffer.from('{"order_id": "o2", "amount": 1') },
    { partition: 0, timestamp: T0 + 2, key: 'o3', value: { order_id: 'o3', amount: 7, region: null } },
    { partition: 0, timestamp: T0 + 3, key: 'o4', value: { order_id: 'o4', amount: 'lots', region: 'us' } },
    { partition: 1, timestamp: T0 + 4, value: { amount: 3, region: 'eu' } },
    { partition: 1, timestamp: T0 + 5, key: 'o6', value: { order_id: 'o6', amount: 0.25, region: 'us' } },
    { partition: 1, timestamp: T0 + 6, key: Buffer.from([0xff, 0x00]), value: Buffer.from([0x7b, 0xc3, 0x28, 0x7d]) },
  ];

  const readDeadLetters = async (queryId: string, table = 'k2o_dead_letters'): Promise<StoredDeadLetter[]> =>
    (
      await db.query<StoredDeadLetter>(
        'SELECT topic, partition, record_offset::text AS "offset", (extract(epoch FROM record_timestamp) * 1000)::float8 AS "timestamp", ' +
          `record_key AS "key", record_value AS "value", reason FROM ${table} WHERE query_id = $1 ORDER BY partition, record_offset`,
        [queryId],
      )
    ).rows;

  /** The dead letters the records above must produce, reasons as patterns. */
  const expectTheFour = (stored: StoredDeadLetter[]) => {
    expect(stored.map(({ reason, ...rest }) => rest)).toEqual([
      { topic, partition: 0, offset: '1', timestamp: T0 + 1, key: 'o2', value: '{"order_id": "o2", "amount": 1' },
      { topic, partition: 0, offset: '3', timestamp: T0 + 3, key: 'o4', value: '{"order_id":"o4","amount":"lots","region":"us"}' },
      { topic, partition: 1, offset: '0', timestamp: T0 + 4, key: null, value: '{"amount":3,"region":"eu"}' },
      { topic, partition: 1, offset: '2', timestamp: T0 + 6, key: `${BASE64_MARKER}/wA=`, value: `${BASE64_MARKER}e8MofQ==` },
    ]);
    const reasons = stored.map((d) => d.reason);
    expect(reasons[0]).toMatch(/^not valid JSON: /);
    expect(reasons[1]).toBe(`field 'amount': expected DOUBLE, found "lots"`);
    expect(reasons[2]).toBe(`field 'order_id' is NOT NULL but missing`);
    expect(reasons[3]).toBe('not valid UTF-8');
  };

  beforeAll(async () => {
    await db.connect();
    await ensureTopic(kafka, topic, 2);
    await produceJson(kafka, topic, records);
  });

  afterAll(async () => {
    for (const t of dropped) await db.query(`DROP TABLE IF EXISTS ${t}`).catch(() => {});
    for (const id of queryIds) {
      await db.query('DELETE FROM k2o_dead_letters WHERE query_id = $1', [id]).catch(() => {});
      await db.query('DELETE FROM k2o_offsets WHERE query_id = $1', [id]).catch(() => {});
      await db.query('DELETE FROM k2o_state WHERE query_id = $1', [id]).catch(() => {});
    }
    await db.end();
  });

  it('stores exactly the records that could not become rows in k2o_dead_letters, with reasons naming the field; the good rows in the sink', async () => {
    const table = `orders_${topic}`;
    const queryId = `dl_default_${topic}`;
    dropped.push(table);
    queryIds.push(queryId);
    const file = ksqlFile(
      `${stream}\nSELECT order_id, amount, region FROM KAFKA ${topic} INTO POSTGRES ${table} AVAILABLE NOW WITH (name = '${queryId}');`,
    );

    const run = await runCli(['run', file]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain(`skipped record ${topic}[0]@3: field 'amount': expected DOUBLE, found "lots"`);
    expect(run.stderr).toMatch(/4 dead letters/);

    expectTheFour(await readDeadLetters(queryId));
    const rows = (await db.query(`SELECT order_id, amount, region FROM ${table} ORDER BY order_id`)).rows;
    expect(rows).toEqual([
      { order_id: 'o1', amount: 10.5, region: 'eu' },
      { order_id: 'o3', amount: 7, region: null },
      { order_id: 'o6', amount: 0.25, region: 'us' },
    ]);
    // The offsets moved past the dead letters: a second run reads nothing again.
    const offsets = (
      await db.query('SELECT partition, next_offset::text AS o FROM k2o_offsets WHERE query_id = $1 ORDER BY partition', [queryId])
    ).rows;
    expect(offsets).toEqual([
      { partition: 0, o: '4' },
      { partition: 1, o: '3' },
    ]);
    const again = await runCli(['run', file]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toMatch(/started from committed offsets/);
    expect(again.stderr).not.toContain('skipped record');
    expect(await readDeadLetters(queryId)).toHaveLength(4);
  });

  it('DEAD LETTERS INTO POSTGRES my_dlq: the route table gets them, k2o_dead_letters none', async () => {
    const table = `orders_r_${topic}`;
    const dlq = `my_dlq_${topic}`;
    const queryId = `dl_route_${topic}`;
    dropped.push(table, dlq);
    queryIds.push(queryId);
    const file = ksqlFile(
      `${stream}\nSELECT order_id, amount, region FROM KAFKA ${topic} INTO POSTGRES ${table} DEAD LETTERS INTO POSTGRES ${dlq} AVAILABLE NOW WITH (name = '${queryId}');`,
    );
    const run = await runCli(['run', file]);
    expect(run.code, run.stderr).toBe(0);
    expectTheFour(await readDeadLetters(queryId, dlq));
    expect(await readDeadLetters(queryId)).toEqual([]);
    expect(Number((await db.query(`SELECT count(*) AS n FROM ${table}`)).rows[0].n)).toBe(3);
  });

  it('refuses DEAD LETTERS INTO KAFKA beside a PostgreSQL sink before any data flows', async () => {
    const file = ksqlFile(
      `${stream}\nSELECT order_id FROM KAFKA ${topic} INTO POSTGRES never_${topic} DEAD LETTERS INTO KAFKA dlq_${topic} AVAILABLE NOW;`,
    );
    const run = await runCli(['run', file]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('DEAD LETTERS INTO KAFKA with INTO POSTGRES cannot run yet: dead letters commit in the same transaction');
    expect(run.stderr).toContain('nothing was run');
    expect((await db.query('SELECT to_regclass($1) AS t', [`never_${topic}`])).rows[0].t).toBeNull();
  });

  it('exactly once across SIGKILL: every dead letter stored once, none lost, the good rows once', async () => {
    const crashTopic = `${topic}_crash`;
    const table = `orders_c_${topic}`;
    const queryId = `dl_crash_${topic}`;
    dropped.push(table);
    queryIds.push(queryId);
    const total = 6000;
    const bad = (i: number) => i % 10 === 3;
    await ensureTopic(kafka, crashTopic, 3);
    await produceJson(
      kafka,
      crashTopic,
      Array.from({ length: total }, (_, i) => ({
        partition: i % 3,
        value: bad(i) ? Buffer.from(`{"order_id": "b${i}"`) : { order_id: `o${i}`, amount: i, region: 'eu' },
      })),
    );
    const file = ksqlFile(
      `CREATE STREAM ${crashTopic} (order_id STRING NOT NULL, amount DOUBLE NOT NULL, region STRING) WITH (topic = '${crashTopic}');\n` +
        `SELECT order_id, amount FROM KAFKA ${crashTopic} INTO POSTGRES ${table} AVAILABLE NOW WITH (name = '${queryId}', max_records_per_batch = 100);`,
    );
    const count = async (sql: string, ...values: unknown[]) => Number((await db.query(sql, values)).rows[0].n);
    const storedDead = () => count('SELECT count(*) AS n FROM k2o_dead_letters WHERE query_id = $1', queryId);

    // Killed once some, not all, dead letters are committed.
    const env = { ...process.env, K2O_KAFKA_BROKERS: brokers.join(','), K2O_POSTGRES_URL: pgUrl };
    const child = spawn(process.execPath, [CLI, 'run', file], { env, stdio: 'ignore' });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    const deadline = Date.now() + 60_000;
    while (!((await storedDead().catch(() => 0)) >= 60)) {
      if (Date.now() > deadline) throw new Error('k2o never committed dead letters');
      await new Promise((r) => setTimeout(r, 20));
    }
    child.kill('SIGKILL');
    await exited;
    const atKill = await storedDead();
    console.log(`dead letters committed when killed: ${atKill} of ${total / 10}`);
    expect(atKill).toBeLessThan(total / 10);

    const run = await runCli(['run', file]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/started from committed offsets/);
    expect(await storedDead()).toBe(total / 10);
    expect(
      await count('SELECT count(DISTINCT (topic, partition, record_offset)) AS n FROM k2o_dead_letters WHERE query_id = $1', queryId),
    ).toBe(total / 10);
    expect(await count(`SELECT count(*) AS n FROM ${table}`)).toBe(total - total / 10);
    expect(await count(`SELECT count(DISTINCT order_id) AS n FROM ${table}`)).toBe(total - total / 10);
    const values = (
      await db.query<{ v: string }>('SELECT record_value AS v FROM k2o_dead_letters WHERE query_id = $1', [queryId])
    ).rows.map((r) => r.v);
    expect(new Set(values)).toEqual(
      new Set(
        Array.from({ length: total }, (_, i) => i)
          .filter(bad)
          .map((i) => `{"order_id": "b${i}"`),
      ),
    );
  }, 120_000);
});
