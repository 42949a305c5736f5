import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKafka } from '../../src/connectors/kafka/kafkaClient.js';
import { produceJson, type JsonRecord } from '../../src/connectors/kafka/produceJson.js';
import { ensureTopic } from '../../src/connectors/kafka/topics.js';
import { ksqlFile, runCli } from '../helpers/cli.js';
import { uniqueName } from '../helpers/kafka.js';

const brokers = (process.env['K2O_KAFKA_BROKERS'] ?? '127.0.0.1:19092').split(',');
const pgUrl = process.env['K2O_POSTGRES_URL'] ?? 'postgres://k2o@127.0.0.1:55432/k2o';
const RECORDS = 200_000;
const nested = (depth: number) => '['.repeat(depth) + '1' + ']'.repeat(depth);

/** Bad records of every kind that once failed a batch for good or became wrong rows, each with the start of its reason. */
const POISON: readonly { value: Buffer | null; reason: string }[] = [
  { value: Buffer.from('{oops'), reason: 'not valid JSON' },
  { value: Buffer.alloc(0), reason: 'not valid JSON' },
  { value: Buffer.from('[1,2,3]'), reason: 'JSON value is not an object' },
  { value: Buffer.from('"hello"'), reason: 'JSON value is not an object' },
  { value: Buffer.from('42'), reason: 'JSON value is not an object' },
  { value: null, reason: 'empty value (tombstone)' },
  { value: Buffer.concat([Buffer.from('{"id":"x'), Buffer.from([0xc3, 0x28]), Buffer.from('"}')]), reason: 'not valid UTF-8' },
  { value: Buffer.from('{"id":"nul\\u0000"}'), reason: "field 'id' holds a NUL character" },
  { value: Buffer.from(`{"id":"deep","note":${nested(5000)}}`), reason: "field 'note' is nested deeper than 64 levels" },
  { value: Buffer.from('{"id":"big","amount":1e400}'), reason: "field 'amount': expected DOUBLE, found a number beyond" },
  { value: Buffer.from('{"id":"ts","ts":1e17}'), reason: "field 'ts': expected TIMESTAMP" },
  { value: Buffer.from('{"id":"ts2","ts":"Order 7"}'), reason: "field 'ts': expected TIMESTAMP" },
  { value: Buffer.from('{"id":"ts3","ts":"2024/05/01 10:00:00"}'), reason: "field 'ts': expected TIMESTAMP" },
  { value: Buffer.from('{"id":"q","qty":3000000000}'), reason: "field 'qty': expected INT" },
  { value: Buffer.from('{"amount":1}'), reason: "field 'id' is NOT NULL but missing" },
];

/** Odd records whose documented fate is a row (test/unit/badRecords.test.ts): each keeps its own id. */
const ODD_BUT_VALID: readonly ((id: string) => Buffer)[] = [
  (id) => Buffer.from(`\uFEFF{"id":"${id}"}`),
  (id) => Buffer.from(`{"id":"${id}","__proto__":{"amount":1}}`),
  (id) => Buffer.from(`{"id":"${id}","constructor":"x"}`),
  (id) => Buffer.from(`{"id":"${id}","amount":"12.5","qty":"3"}`),
  (id) => Buffer.from(`{"id":"${id}","other":${nested(5000)}}`),
];

/**
 * Poison mixed into a stream at 1% of 200,000 records, and odd records whose fate
 * is a row at another 1%: every valid record reaches the table once,
 * every bad one is a dead letter with its reason, and the query never stops —
 * where one such record used to fail its batch on every retry.
 */
describe('k2o run: a stream with poison records in it', () => {
  const kafka = createKafka(brokers, 'k2o-test-poison');
  const db = new pg.Client({ connectionString: pgUrl });
  const topic = uniqueName('poison').replace(/-/g, '_');
  const table = `rows_${topic}`;
  const queryId = `poison_${topic}`;

  beforeAll(() => db.connect());
  afterAll(async () => {
    await db.query(`DROP TABLE IF EXISTS ${table}`);
    for (const t of ['k2o_dead_letters', 'k2o_offsets', 'k2o_state'])
      await db.query(`DELETE FROM ${t} WHERE query_id = $1`, [queryId]).catch(() => {});
    await db.end();
  });

  it('writes every valid record once and every bad one as a dead letter with its reason', async () => {
    await ensureTopic(kafka, topic, 3);
    const records: JsonRecord[] = [];
    const badReasons: string[] = [];
    for (let i = 0; i < RECORDS; i++) {
      if (i % 100 === 50) {
        const p = POISON[badReasons.length % POISON.length]!;
        records.push({ value: p.value, partition: i % 3 });
        badReasons.push(p.reason);
      } else if (i % 100 === 75) {
        records.push({ value: ODD_BUT_VALID[i % ODD_BUT_VALID.length]!(`r${i}`), partition: i % 3 });
      } else {
        records.push({
          value: {
            id: `r${i}`,
            amount: i / 4,
            qty: i % 7,
            ts: new Date(Date.UTC(2024, 0, 1) + i * 1000).toISOString(),
            note: i % 2 ? { n: i } : 'plain',
          },
          partition: i % 3,
        });
      }
    }
    await produceJson(kafka, topic, records);

    const file = ksqlFile(
      `CREATE STREAM p (id STRING NOT NULL, amount DOUBLE, qty INT, ts TIMESTAMP, note STRING) WITH (topic = '${topic}');\n` +
        `SELECT id, amount, qty, ts, note FROM KAFKA p INTO POSTGRES ${table} AVAILABLE NOW WITH (name = '${queryId}', max_records_per_batch = 5000);`,
    );
    const run = await runCli(['run', file], { timeoutMs: 240_000 });
    expect(run.code, run.stderr).toBe(0);

    const validIds = Array.from({ length: RECORDS }, (_, i) => i)
      .filter((i) => i % 100 !== 50)
      .map((i) => `r${i}`)
      .sort();
    const ids = (await db.query<{ id: string }>(`SELECT id FROM ${table} ORDER BY id COLLATE "C"`)).rows.map((r) => r.id);
    expect(ids.length).toBe(validIds.length);
    expect(ids).toEqual(validIds);

    const dead = (await db.query<{ reason: string }>('SELECT reason FROM k2o_dead_letters WHERE query_id = $1', [queryId])).rows.map(
      (r) => r.reason,
    );
    expect(dead).toHaveLength(badReasons.length);
    const prefixCounts = (list: readonly string[]) => {
      const counts = new Map<string, number>();
      for (const p of POISON) counts.set(p.reason, list.filter((r) => r.startsWith(p.reason)).length);
      return Object.fromEntries(counts);
    };
    expect(prefixCounts(dead)).toEqual(prefixCounts(badReasons));
  }, 300_000);
});
