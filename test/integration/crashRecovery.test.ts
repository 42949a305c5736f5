import { spawn } from 'node:child_process';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKafka } from '../../src/connectors/kafka/kafkaClient.js';
import { produceJson } from '../../src/connectors/kafka/produceJson.js';
import { ensureTopic } from '../../src/connectors/kafka/topics.js';
import { expectedWindowSums } from '../../tools/data/expectedWindows.js';
import { generateOrders } from '../../tools/data/orders.js';
import { CLI, ksqlFile, runCli } from '../helpers/cli.js';
import { uniqueName } from '../helpers/kafka.js';

const brokers = (process.env['K2O_KAFKA_BROKERS'] ?? '127.0.0.1:19092').split(',');
const pgUrl = process.env['K2O_POSTGRES_URL'] ?? 'postgres://k2o@127.0.0.1:55432/k2o';

/**
 * Exactly once across a crash: k2o is killed with SIGKILL (no chance to clean
 * up) while batches are committing, then restarted; the table must hold every
 * record's contribution exactly once.
 */
describe('exactly once across SIGKILL', () => {
  const kafka = createKafka(brokers, 'k2o-test-crash');
  const db = new pg.Client({ connectionString: pgUrl });
  const orders = generateOrders({ count: 20_000, seed: 5, stepMs: 200 });
  const topic = uniqueName('crash').replace(/-/g, '_');

  beforeAll(async () => {
    await db.connect();
    await ensureTopic(kafka, topic, 3);
    await produceJson(
      kafka,
      topic,
      orders.map((o, i) => ({ value: o, partition: i % 3 })),
    );
  });
  afterAll(() => db.end());

  /** Starts `k2o run`, waits until `ready()` holds (checked against the database), then kills it with SIGKILL. */
  async function killWhen(file: string, ready: () => Promise<boolean>): Promise<void> {
    const env = { ...process.env, K2O_KAFKA_BROKERS: brokers.join(','), K2O_POSTGRES_URL: pgUrl };
    const child = spawn(process.execPath, [CLI, 'run', file], { env, stdio: 'ignore' });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    const deadline = Date.now() + 60_000;
    while (!(await ready().catch(() => false))) {
      if (Date.now() > deadline) throw new Error('k2o never reached the point to kill it');
      await new Promise((r) => setTimeout(r, 20));
    }
    child.kill('SIGKILL');
    await exited;
  }

  const count = async (sql: string) => Number((await db.query(sql)).rows[0].n);

  it('row query: every order once after a kill mid-stream and a restart', async () => {
    const table = `rows_${topic}`;
    const text = (trigger: string) =>
      `SELECT order_id, amount, _partition, _offset FROM KAFKA ${topic} INTO POSTGRES ${table} ${trigger} WITH (max_records_per_batch = 300);`;
    await killWhen(ksqlFile(text('')), async () => (await count(`SELECT count(*) AS n FROM ${table}`)) >= 3000);
    const partial = await count(`SELECT count(*) AS n FROM ${table}`);
    expect(partial).toBeLessThan(orders.length);

    const rerun = await runCli(['run', ksqlFile(text('AVAILABLE NOW'))]);
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(rerun.stderr).toMatch(/started from committed offsets/);
    expect(await count(`SELECT count(*) AS n FROM ${table}`)).toBe(orders.length);
    expect(await count(`SELECT count(DISTINCT order_id) AS n FROM ${table}`)).toBe(orders.length);
    expect(await count(`SELECT count(DISTINCT (_partition, _offset)) AS n FROM ${table}`)).toBe(orders.length);
    await db.query(`DROP TABLE ${table}`);
  });

  it('windowed query: open windows survive the kill in the committed state; every sum exact', async () => {
    const table = `win_${topic}`;
    const text = (trigger: string) =>
      `SELECT window(ts, '1 minute'), sum(amount), count(*) AS n FROM KAFKA ${topic} INTO POSTGRES ${table} ${trigger} WITH (max_records_per_batch = 300);`;
    await killWhen(ksqlFile(text('')), async () => (await count(`SELECT count(*) AS n FROM ${table}`)) >= 3);
    // Close every window: one late-enough record per partition.
    const last = Math.max(...orders.map((o) => Date.parse(o.ts)));
    await produceJson(
      kafka,
      topic,
      [0, 1, 2].map((p) => ({
        value: { ...orders[0]!, order_id: `end-${p}`, amount: 0, ts: new Date(last + 3_600_000).toISOString() },
        partition: p,
      })),
    );

    const rerun = await runCli(['run', ksqlFile(text('AVAILABLE NOW'))]);
    expect(rerun.code, rerun.stderr).toBe(0);
    const expected = expectedWindowSums(orders, 60_000, -Infinity);
    const rows = (
      await db.query<{ window_start: Date; sum_amount: number; n: string }>(
        `SELECT window_start, sum_amount, n FROM ${table} ORDER BY window_start`,
      )
    ).rows;
    expect(rows.map((r) => r.window_start.getTime())).toEqual([...expected.keys()].sort((a, b) => a - b));
    for (const r of rows) {
      const want = expected.get(r.window_start.getTime())!;
      expect(Number(r.n)).toBe(want.count);
      expect(r.sum_amount).toBeCloseTo(want.sum, 4);
    }
    await db.query(`DROP TABLE ${table}`);
  });
});
