import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { createKafka } from '../../src/connectors/kafka/kafkaClient.js';
import { produceJson } from '../../src/connectors/kafka/produceJson.js';
import { ensureTopic } from '../../src/connectors/kafka/topics.js';
import { uniqueName } from '../helpers/kafka.js';

const brokers = (process.env['K2O_KAFKA_BROKERS'] ?? '127.0.0.1:19092').split(',');
const pgUrl = process.env['K2O_POSTGRES_URL'] ?? 'postgres://k2o@127.0.0.1:55432/k2o';
const EXAMPLE = 'examples/engine.ts';

/** The Engine example is code users copy: docs/api.md shows it whole, and it runs as written against the real services. */
describe('examples/engine.ts', () => {
  const topic = uniqueName('example_orders').replace(/-/g, '_');
  const db = new pg.Client({ connectionString: pgUrl });

  afterAll(async () => {
    await db.query(`DROP TABLE IF EXISTS ${topic}_net`);
    await db.query(`DROP TABLE IF EXISTS ${topic}_totals`);
    await db.end();
  });

  it('is the example docs/api.md shows', () => {
    const doc = readFileSync('docs/api.md', 'utf8');
    const shown = [...doc.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);
    expect(shown).toContain(readFileSync(EXAMPLE, 'utf8'));
  });

  it('runs: the bounded query completes with its totals, the continuous one is reported running, then stopped', async () => {
    await db.connect();
    const kafka = createKafka(brokers, 'k2o-test-engine-example');
    await ensureTopic(kafka, topic, 2);
    const base = Date.UTC(2026, 0, 1);
    const orders = Array.from({ length: 40 }, (_, i) => ({
      order_id: `o${i}`,
      amount: i * 10,
      ts: new Date(base + i * 1000).toISOString(),
    }));
    await produceJson(
      kafka,
      topic,
      orders.map((o, i) => ({ value: o, partition: i % 2 })),
    );

    const dir = mkdtempSync(join(tmpdir(), 'k2o-example-'));
    const file = join(dir, 'engine.ts');
    writeFileSync(file, readFileSync(EXAMPLE, 'utf8').replace(/from 'k2o'/g, `from '${resolve('src/index.ts')}'`));
    const logs: string[] = [];
    const errors: unknown[] = [];
    vi.spyOn(console, 'log').mockImplementation(
      (...x: unknown[]) => void logs.push(x.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join(' ')),
    );
    vi.spyOn(console, 'error').mockImplementation((x: unknown) => void errors.push(x));
    vi.stubEnv('ORDERS_TOPIC', topic);
    try {
      await import(file);
    } finally {
      vi.restoreAllMocks();
      vi.unstubAllEnvs();
    }
    expect(errors).toEqual([]);
    const over100 = orders.filter((o) => o.amount > 100).length;
    expect(logs).toContain(`${topic}_net: RUNNING`);
    expect(logs).toContain(`${topic}_net: COMPLETED`);
    const totals = logs.filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as unknown);
    expect(totals).toEqual([
      { batches: expect.any(Number), numInputRows: 40, numOutputRows: over100, numDeadLetters: 0, numLateRows: 0, sinkRetries: 0 },
    ]);
    expect(logs).toContain(`still running: ${JSON.stringify([`${topic}_totals`])}`);
    expect(logs[logs.length - 1]).toBe(`${topic}_totals: STOPPED`);
    expect(logs.some((l) => l.startsWith(`${topic}_totals: batch 0, `))).toBe(true);

    const net = await db.query<{ n: string; total: number }>(`SELECT count(*) AS n, sum(net) AS total FROM ${topic}_net`);
    expect(Number(net.rows[0]!.n)).toBe(over100);
    expect(net.rows[0]!.total).toBeCloseTo(0.8 * orders.filter((o) => o.amount > 100).reduce((s, o) => s + o.amount, 0), 6);
  });
});
