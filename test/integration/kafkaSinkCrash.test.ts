import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKafka } from '../../src/connectors/kafka/kafkaClient.js';
import { produceJson } from '../../src/connectors/kafka/produceJson.js';
import { ensureTopic } from '../../src/connectors/kafka/topics.js';
import { expectedWindowSums } from '../../tools/data/expectedWindows.js';
import { generateOrders } from '../../tools/data/orders.js';
import { CLI, ksqlFile, runCli } from '../helpers/cli.js';
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

  /** The output topic's last stable offset (where read_committed readers stop), summed over its partitions. */
  async function stableEnd(out: string): Promise<number> {
    const ends = await admin.fetchTopicOffsets(out);
    return ends.reduce((n, p) => n + Number(p.high), 0);
  }

  /**
   * Starts `k2o run`, waits until the group has committed `records`, then kills
   * it with SIGKILL mid-transaction: when a read_uncommitted consumer of the
   * output has seen records past the last stable offset, so a transaction is open.
   */
  async function killAfter(file: string, group: string, out: string, records: number): Promise<void> {
    const watcher = kafka.consumer({
      groupId: `k2o-test-watch-${randomBytes(6).toString('hex')}`,
      maxWaitTimeInMs: 20,
      readUncommitted: true,
    });
    let seenEnd = 0;
    await watcher.connect();
    await watcher.subscribe({ topics: [out], fromBeginning: true });
    await watcher.run({
      eachBatch: async ({ batch }) => {
        const last = batch.messages[batch.messages.length - 1];
        // One partition (the broker's default for the topic the sink creates).
        if (last) seenEnd = Math.max(seenEnd, Number(last.offset) + 1);
      },
    });
    const child = spawn(process.execPath, [CLI, 'run', file], {
      env: { ...process.env, K2O_KAFKA_BROKERS: brokers.join(',') },
      stdio: 'ignore',
    });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    const deadline = Date.now() + 90_000;
    try {
      for (;;) {
        if (Date.now() > deadline) throw new Error(`k2o never had a transaction open after committing ${records} records`);
        const seen = seenEnd;
        if ((await committed(group).catch(() => 0)) >= records && seen > (await stableEnd(out).catch(() => Infinity))) break;
        await new Promise((r) => setTimeout(r, 5));
      }
    } finally {
      child.kill('SIGKILL');
      await exited;
      await watcher.disconnect();
    }
  }

  async function crashAndFinish(text: (trigger: string) => string, out: string): Promise<void> {
    const group = `k2o-${out}`;
    // Created before k2o would, so the watcher can follow it from the start.
    await createKeepingTopic(kafka, out);
    for (let k = 1; k <= KILLS; k++) await killAfter(ksqlFile(text('')), group, out, Math.floor((k * orders.length) / (KILLS + 1)));
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
