import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKafka } from '../../src/connectors/kafka/kafkaClient.js';
import { produceJson } from '../../src/connectors/kafka/produceJson.js';
import { ensureTopic } from '../../src/connectors/kafka/topics.js';
import { generateOrders, type Order } from '../../tools/data/orders.js';
import { ksqlFile, runCli } from '../helpers/cli.js';
import { uniqueName } from '../helpers/kafka.js';

const brokers = (process.env['K2O_KAFKA_BROKERS'] ?? '127.0.0.1:19092').split(',');
const pgUrl = process.env['K2O_POSTGRES_URL'] ?? 'postgres://k2o@127.0.0.1:55432/k2o';
const GAP_MS = 2 * 60_000;
/** The watermark delay of an undeclared stream. */
const DELAY_MS = 30_000;
const PARTITIONS = 3;

interface Session {
  readonly customer: string;
  readonly start: number;
  readonly end: number;
  readonly n: number;
  readonly sum: number;
}

/** Sessions worked out from the orders themselves: per customer, sort by event time, split where neighbours are more than GAP_MS apart (Spark: exactly the gap apart is one session). */
function expectedSessions(orders: readonly Order[]): Session[] {
  const byCustomer = new Map<string, Order[]>();
  for (const o of orders) byCustomer.set(o.customer_id, [...(byCustomer.get(o.customer_id) ?? []), o]);
  const sessions: Session[] = [];
  for (const [customer, list] of byCustomer) {
    const ordered = list.map((o) => ({ t: Date.parse(o.ts), amount: o.amount })).sort((a, b) => a.t - b.t);
    let current: typeof ordered = [];
    const flush = () => {
      sessions.push({
        customer,
        start: current[0]!.t,
        end: current[current.length - 1]!.t + GAP_MS,
        n: current.length,
        sum: current.reduce((x, o) => x + o.amount, 0),
      });
      current = [];
    };
    for (const o of ordered) {
      if (current.length > 0 && o.t - current[current.length - 1]!.t > GAP_MS) flush();
      current.push(o);
    }
    if (current.length > 0) flush();
  }
  return sessions.sort((a, b) => a.customer.localeCompare(b.customer) || a.start - b.start);
}

/**
 * Session windows end to end: orders of a few customers, with pauses and
 * out-of-order event times, in a real broker; `k2o run` of a session-window
 * query into a real PostgreSQL, in batches of 250 records so sessions grow and
 * merge across batches; a second run, restored from the committed state, closes
 * the sessions still open. Every row is checked against sessions computed
 * directly from the produced orders.
 */
describe('k2o run: session windows from Kafka into PostgreSQL', () => {
  const kafka = createKafka(brokers, 'k2o-test-session-window');
  const db = new pg.Client({ connectionString: pgUrl });
  const topic = uniqueName('sessions').replace(/-/g, '_');
  const table = `sessions_${topic}`;
  const file = ksqlFile(
    `SELECT customer_id, session(ts, '2 minutes'), count(*) AS n, sum(amount) FROM KAFKA ${topic} GROUP BY customer_id ` +
      `INTO POSTGRES ${table} AVAILABLE NOW WITH (max_records_per_batch = 250);`,
  );
  // Four customers, an order every 15 s on average: a customer's pauses are often over two minutes.
  const orders = generateOrders({ count: 2000, seed: 29, stepMs: 15_000, customers: 4, lateShare: 0.3, maxLatenessMs: DELAY_MS - 1000 });
  const partitionOf = (i: number) => i % PARTITIONS;
  const expected = expectedSessions(orders);

  const readTable = async (): Promise<Session[]> =>
    (
      await db.query<{ customer_id: string; window_start: Date; window_end: Date; n: string; sum_amount: number }>(
        `SELECT customer_id, window_start, window_end, n, sum_amount FROM ${table} ORDER BY customer_id, window_start`,
      )
    ).rows.map((r) => ({
      customer: r.customer_id,
      start: r.window_start.getTime(),
      end: r.window_end.getTime(),
      n: Number(r.n),
      sum: r.sum_amount,
    }));

  const expectSessions = (rows: readonly Session[], want: readonly Session[]) => {
    expect(rows.map((r) => [r.customer, r.start, r.end, r.n])).toEqual(want.map((s) => [s.customer, s.start, s.end, s.n]));
    rows.forEach((r, i) => expect(r.sum, `${r.customer} at ${new Date(r.start).toISOString()}`).toBeCloseTo(want[i]!.sum, 4));
  };

  beforeAll(async () => {
    await db.connect();
    await ensureTopic(kafka, topic, PARTITIONS);
    await produceJson(
      kafka,
      topic,
      orders.map((o, i) => ({ value: o, partition: partitionOf(i) })),
    );
  });

  afterAll(async () => {
    await db.query(`DROP TABLE IF EXISTS ${table}`).catch(() => {});
    await db.end();
  });

  it('writes exactly the sessions the watermark has closed, with their counts and sums, and no row is late', async () => {
    const run = await runCli(['run', file]);
    expect(run.code, run.stderr).toBe(0);
    // Orders are at most DELAY_MS - 1 s behind their partition's newest: none is late.
    expect(run.stderr).toMatch(/stopped after \d+ batches, 2000 records in, \d+ rows out, 0 dead letters, 0 late rows/);

    // The watermark is the slowest partition's largest event time less the delay.
    const maxByPartition = new Array<number>(PARTITIONS).fill(-Infinity);
    orders.forEach((o, i) => (maxByPartition[partitionOf(i)] = Math.max(maxByPartition[partitionOf(i)]!, Date.parse(o.ts))));
    const watermark = Math.min(...maxByPartition) - DELAY_MS;
    const closed = expected.filter((s) => s.end <= watermark);

    // The data make the test mean something: every customer has several sessions, and some are still open.
    expect(closed.length).toBeGreaterThan(40);
    for (const c of new Set(orders.map((o) => o.customer_id))) expect(closed.filter((s) => s.customer === c).length).toBeGreaterThan(5);
    expect(expected.length - closed.length).toBeGreaterThan(0);
    expect(expected.some((s) => s.n > 5)).toBe(true);

    expectSessions(await readTable(), closed);
  });

  it('after a restart with the committed state, later records close the open sessions: each written once, none lost', async () => {
    const last = Math.max(...orders.map((o) => Date.parse(o.ts)));
    // One record per partition, an hour later, for a customer of its own: it moves the watermark and is in no expected session.
    const closing = Array.from({ length: PARTITIONS }, (_, p) => ({
      value: { ...orders[0]!, order_id: `closing-${p}`, customer_id: 'closing', ts: new Date(last + 3_600_000).toISOString() },
      partition: p,
    }));
    await produceJson(kafka, topic, closing);
    const run = await runCli(['run', file]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/started from committed offsets/);
    expect(run.stderr).toMatch(/3 records in, \d+ rows out, 0 dead letters, 0 late rows/);

    // The sessions open at the end of the first run had all their rows then: only the restored state can have them.
    expectSessions(await readTable(), expected);
  });
});
