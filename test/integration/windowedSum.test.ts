import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKafka } from '../../src/connectors/kafka/kafkaClient.js';
import { produceJson } from '../../src/connectors/kafka/produceJson.js';
import { ensureTopic } from '../../src/connectors/kafka/topics.js';
import { generateOrders, type Order } from '../../tools/data/orders.js';
import { expectedWindowSums } from '../../tools/data/expectedWindows.js';
import { ksqlFile, runCli } from '../helpers/cli.js';
import { uniqueName } from '../helpers/kafka.js';

const brokers = (process.env['K2O_KAFKA_BROKERS'] ?? '127.0.0.1:19092').split(',');
const pgUrl = process.env['K2O_POSTGRES_URL'] ?? 'postgres://k2o@127.0.0.1:55432/k2o';
const WINDOW_MS = 5 * 60_000;
const DELAY_MS = 30_000;
const PARTITIONS = 3;

/**
 * The spine, end to end: 10,000 orders with out-of-order event times in a real
 * broker, `k2o run` of the tumbling-window query into a real PostgreSQL, every
 * window's sum checked against sums computed directly from the produced orders.
 */
describe('k2o run: tumbling-window sum from Kafka into PostgreSQL', () => {
  const kafka = createKafka(brokers, 'k2o-test-windowed-sum');
  const db = new pg.Client({ connectionString: pgUrl });
  const topic = uniqueName('orders').replace(/-/g, '_');
  const table = `metrics_${topic}`;
  const file = ksqlFile(
    `SELECT window(ts, '5 minutes'), sum(amount) FROM KAFKA ${topic} WHERE amount > 1000 INTO POSTGRES ${table} AVAILABLE NOW;`,
  );
  const orders = generateOrders({ count: 10_000, seed: 11, stepMs: 300, lateShare: 0.05, maxLatenessMs: DELAY_MS - 1000 });
  const partitionOf = (i: number) => i % PARTITIONS;

  const readTable = async () =>
    (
      await db.query<{ window_start: Date; window_end: Date; sum_amount: number }>(
        `SELECT window_start, window_end, sum_amount FROM ${table} ORDER BY window_start`,
      )
    ).rows;

  const expectMatches = (rows: Awaited<ReturnType<typeof readTable>>, expected: Map<number, { sum: number }>) => {
    for (const r of rows) {
      const want = expected.get(r.window_start.getTime());
      expect(want, `unexpected window ${r.window_start.toISOString()}`).toBeDefined();
      expect(r.window_end.getTime() - r.window_start.getTime()).toBe(WINDOW_MS);
      expect(r.sum_amount).toBeCloseTo(want!.sum, 4);
    }
  };

  beforeAll(async () => {
    await db.connect();
    await ensureTopic(kafka, topic, PARTITIONS);
    await produceJson(kafka, topic, [
      ...orders.map((o, i) => ({ value: o, partition: partitionOf(i) })),
      { value: Buffer.from('{"order_id": "broken'), partition: 0 },
    ]);
  });

  afterAll(async () => {
    await db.query(`DROP TABLE IF EXISTS ${table}`).catch(() => {});
    await db.end();
  });

  it('writes exactly the windows the watermark closed, each with the right sum, and skips a malformed record', async () => {
    const run = await runCli(['run', file]);
    expect(run.stderr).toContain('skipped record');
    expect(run.stderr).toContain('not valid JSON');
    expect(run.code, run.stderr).toBe(0);

    // The watermark is the slowest partition's largest event time less the delay.
    const maxByPartition = new Array<number>(PARTITIONS).fill(-Infinity);
    orders.forEach((o: Order, i) => (maxByPartition[partitionOf(i)] = Math.max(maxByPartition[partitionOf(i)]!, Date.parse(o.ts))));
    const watermark = Math.min(...maxByPartition) - DELAY_MS;
    const expected = expectedWindowSums(orders, WINDOW_MS, 1000);
    const closed = [...expected.keys()].filter((start) => start + WINDOW_MS <= watermark).sort((a, b) => a - b);

    const rows = await readTable();
    expect(closed.length).toBeGreaterThan(5);
    expect(rows.map((r) => r.window_start.getTime())).toEqual(closed);
    expectMatches(rows, expected);
  });

  it('after a restart, later records close the remaining windows: each window written once, none lost', async () => {
    const last = Math.max(...orders.map((o) => Date.parse(o.ts)));
    const later = Array.from({ length: PARTITIONS }, (_, p) => ({
      value: { ...orders[0]!, order_id: `late-${p}`, amount: 5, ts: new Date(last + 3_600_000).toISOString() },
      partition: p,
    }));
    await produceJson(kafka, topic, later);
    const run = await runCli(['run', file]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/started from committed offsets/);

    const expected = expectedWindowSums(orders, WINDOW_MS, 1000);
    const rows = await readTable();
    expect(rows.map((r) => r.window_start.getTime())).toEqual([...expected.keys()].sort((a, b) => a - b));
    expectMatches(rows, expected);
  });
});
