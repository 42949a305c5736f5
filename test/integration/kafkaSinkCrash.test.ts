import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKafka } from '../../src/connectors/kafka/kafkaClient.js';
import { produceJson } from '../../src/connectors/kafka/produceJson.js';
import { ensureTopic } from '../../src/connectors/kafka/topics.js';
import { expectedWindowSums } from '../../tools/data/expectedWindows.js';
import { generateOrders } from '../../tools/data/orders.js';
import { ksqlFile, runCli } from '../helpers/cli.js';
import { killInsideTransactions } from '../helpers/killInTransaction.js';
import { uniqueName } from '../helpers/kafka.js';
import { createKeepingTopic, readCommitted } from '../helpers/readTopic.js';

const brokers = (process.env['K2O_KAFKA_BROKERS'] ?? '127.0.0.1:19092').split(',');
const KILLS = 3;

/**
 * Exactly once into Kafka across SIGKILL: `k2o run` is killed several times
 * while its transactions commit, restarted each time, and finally run to the end;
 * a read_committed consumer of the output topic then sees every row once.
 */
describe('INTO KAFKA exactly once across SIGKILL', () => {
  const kafka = createKafka(brokers, 'k2o-test-kafka-crash');
  const orders = generateOrders({ count: 12_000, seed: 7, stepMs: 200 });
  const topic = uniqueName('kcrash').replace(/-/g, '_');

  const admin = kafka.admin();

  beforeAll(async () => {
    await admin.connect();
    await ensureTopic(kafka, topic, 3);
    const last = Math.max(...orders.map((o) => Date.parse(o.ts)));
    const closing = [0, 1, 2].map((p) => ({
      ...orders[0]!,
      order_id: `end-${p}`,
      amount: 0,
      ts: new Date(last + 3_600_000).toISOString(),
    }));
    await produceJson(
      kafka,
      topic,
      [...orders, ...closing].map((o, i) => ({ value: o, partition: i % 3 })),
    );
  });

  afterAll(() => admin.disconnect());

  /** Records of the source the query's consumer group has committed: its transactions' progress. */
  async function committed(group: string): Promise<number> {
    const offsets = await admin.fetchOffsets({ groupId: group, topics: [topic] });
    return offsets[0]!.partitions.reduce((n, p) => n + Math.max(0, Number(p.offset)), 0);
  }

  async function crashAndFinish(text: (trigger: string) => string, out: string): Promise<void> {
    const group = `k2o-${out}`;
    // Created before k2o would, so the watcher can follow it from the start.
    await createKeepingTopic(kafka, out);
    await killInsideTransactions({
      kafka,
      brokers,
      file: ksqlFile(text('')),
      out,
      committed: () => committed(group),
      // A round after a missed kill keeps the last share: the windowed query must still have input left to write.
      killAfter: (round) => Math.floor((Math.min(round, KILLS) * orders.length) / (KILLS + 1)),
      kills: KILLS,
    });
    expect(await committed(group)).toBeLessThan(orders.length);
    const rerun = await runCli(['run', ksqlFile(text('AVAILABLE NOW'))], { timeoutMs: 120_000 });
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(rerun.stderr).toMatch(/started from committed offsets/);
  }

  it('row query: every order once', async () => {
    const out = `rows_${topic}`;
    await crashAndFinish(
      (trigger) =>
        `SELECT order_id, amount, _partition, _offset FROM KAFKA ${topic} INTO KAFKA ${out} ${trigger} WITH (max_records_per_batch = 100);`,
      out,
    );
    const records = await readCommitted(kafka, out, { atLeast: orders.length + 3, settleMs: 2000, timeoutMs: 60_000 });
    const ids = records.map((r) => (JSON.parse(r.value!) as { order_id: string }).order_id);
    expect(ids).toHaveLength(orders.length + 3);
    expect(new Set(ids).size).toBe(orders.length + 3);
    const all = await readCommitted(kafka, out, { atLeast: orders.length + 3, settleMs: 2000, uncommitted: true });
    // The kills landed inside transactions: their records are in the log, and read_committed readers skip them.
    expect(all.length).toBeGreaterThan(records.length);
  }, 300_000);

  it('windowed query: open windows survive each kill in the committed state; every window once, its sum exact', async () => {
    const out = `win_${topic}`;
    await crashAndFinish(
      (trigger) =>
        `SELECT window(ts, '1 minute'), sum(amount), count(*) AS n FROM KAFKA ${topic} INTO KAFKA ${out} ${trigger} WITH (max_records_per_batch = 100);`,
      out,
    );
    const expected = expectedWindowSums(orders, 60_000, -Infinity);
    const records = await readCommitted(kafka, out, { atLeast: expected.size, settleMs: 2000, timeoutMs: 60_000 });
    const windows = records.map((r) => JSON.parse(r.value!) as { window_start: string; sum_amount: number; n: number });
    expect(windows.map((w) => Date.parse(w.window_start)).sort((a, b) => a - b)).toEqual([...expected.keys()].sort((a, b) => a - b));
    for (const w of windows) {
      const want = expected.get(Date.parse(w.window_start))!;
      expect(w.n).toBe(want.count);
      expect(w.sum_amount).toBeCloseTo(want.sum, 4);
    }
  }, 300_000);
});
