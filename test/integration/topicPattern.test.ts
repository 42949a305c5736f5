import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKafka } from '../../src/connectors/kafka/kafkaClient.js';
import { produceJson } from '../../src/connectors/kafka/produceJson.js';
import { ensureTopic } from '../../src/connectors/kafka/topics.js';
import { TOPIC_REFRESH_MS } from '../../src/connectors/kafka/topicPattern.js';
import { OFFSETS_TABLE } from '../../src/core/sqlNames.js';
import { Engine, type Logger, type Query } from '../../src/index.js';
import { uniqueName } from '../helpers/kafka.js';

const brokers = (process.env['K2O_KAFKA_BROKERS'] ?? '127.0.0.1:19092').split(',');
const pgUrl = process.env['K2O_POSTGRES_URL'] ?? 'postgres://k2o@127.0.0.1:55432/k2o';
const PARTITIONS = 2;

const quiet: Logger = { info: () => {}, warn: () => {}, error: () => {} };

async function until(what: string, condition: () => Promise<boolean> | boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const recordsIn = (q: Query) => q.progress()?.totals.numInputRows ?? 0;

/**
 * FROM KAFKA 'pattern' against the real broker and database: every topic whose
 * whole name matches is read, a topic created while the query runs is read
 * within the documented refresh time (plus a rebalance), and the sink stores
 * offsets per topic and partition.
 */
describe('FROM KAFKA with a topic pattern', () => {
  const kafka = createKafka(brokers, 'k2o-test-pattern');
  const db = new pg.Client({ connectionString: pgUrl });
  const engines: Engine[] = [];
  const tables: string[] = [];

  beforeAll(() => db.connect());
  afterAll(async () => {
    for (const e of engines) await e.stopAll();
    for (const t of tables) await db.query(`DROP TABLE IF EXISTS ${t}`);
    await db.end();
  });

  const produce = (topic: string, count: number, from = 0) =>
    produceJson(
      kafka,
      topic,
      Array.from({ length: count }, (_, k) => ({ partition: (from + k) % PARTITIONS, value: { id: `${topic}-${from + k}` } })),
    );

  it('reads the matching topics, not the others, and picks up a matching topic created mid-run', async () => {
    const base = uniqueName('pat').replace(/-/g, '_');
    const [a, b, c, other, prefixOnly] = [`${base}.a`, `${base}.b`, `${base}.c`, `${base}_other`, `x${base}.a`];
    for (const t of [a, b, other, prefixOnly]) await ensureTopic(kafka, t, PARTITIONS);
    await produce(a, 100);
    await produce(b, 50);
    await produce(other, 30);
    await produce(prefixOnly, 20);
    const table = `rows_${base}`;
    tables.push(table);
    const e = new Engine({ kafkaBrokers: brokers, urls: { postgres: pgUrl }, log: quiet });
    engines.push(e);
    const pattern = `${base}\\..*`;
    const [q] = e.start(`SELECT id, _topic AS t, _partition AS p FROM KAFKA '${pattern}' INTO POSTGRES ${table};`);
    await until('the two matching topics', () => recordsIn(q!) === 150, 60_000);

    const created = Date.now();
    await ensureTopic(kafka, c, PARTITIONS);
    await produce(c, 40);
    await produce(a, 10, 100);
    await until('the topic created mid-run', () => recordsIn(q!) === 200, 60_000);
    const pickedUpMs = Date.now() - created;
    await e.stopAll();

    const byTopic = await db.query<{ t: string; n: string; ids: string }>(
      `SELECT t, count(*) AS n, count(DISTINCT id) AS ids FROM ${table} GROUP BY t ORDER BY t`,
    );
    expect(byTopic.rows.map((r) => [r.t, Number(r.n), Number(r.ids)])).toEqual([
      [a, 110, 110],
      [b, 50, 50],
      [c, 40, 40],
    ]);
    const offsets = await db.query<{ topic: string; partition: number; next_offset: string }>(
      `SELECT topic, partition, next_offset FROM ${OFFSETS_TABLE} WHERE query_id = $1 ORDER BY topic, partition`,
      [q!.id],
    );
    expect(offsets.rows.map((o) => [o.topic, o.partition, Number(o.next_offset)])).toEqual([
      [a, 0, 55],
      [a, 1, 55],
      [b, 0, 25],
      [b, 1, 25],
      [c, 0, 20],
      [c, 1, 20],
    ]);
    // The documented bound: one refresh, a group rebalance and a batch; generous for a loaded machine.
    expect(pickedUpMs).toBeLessThan(TOPIC_REFRESH_MS + 30_000);
    console.log(`topic pattern: a new matching topic was read ${pickedUpMs} ms after it was created`);
  }, 150_000);
});
