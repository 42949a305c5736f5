import type { ChildProcess } from 'node:child_process';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKafka } from '../../src/connectors/kafka/kafkaClient.js';
import { produceJson } from '../../src/connectors/kafka/produceJson.js';
import { ensureTopic } from '../../src/connectors/kafka/topics.js';
import { ksqlFile, runCli } from '../helpers/cli.js';
import { uniqueName } from '../helpers/kafka.js';

const brokers = (process.env['K2O_KAFKA_BROKERS'] ?? '127.0.0.1:19092').split(',');
const pgUrl = process.env['K2O_POSTGRES_URL'] ?? 'postgres://k2o@127.0.0.1:55432/k2o';
const PARTITIONS = 3;
/** Uneven on purpose: one fetch of one partition is never all of it. */
const WAITING = 2875;

/**
 * ONCE and EVERY take what Spark's Trigger.Once and ProcessingTime take: every
 * partition's available records, not what one fetch happened to return (which
 * was one partition: 956 of 2,875 waiting records).
 */
describe('triggers take everything available from every partition', () => {
  const kafka = createKafka(brokers, 'k2o-test-triggers');
  const db = new pg.Client({ connectionString: pgUrl });
  const tables: string[] = [];

  const produce = async (topic: string, from: number, count: number) => {
    const messages = Array.from({ length: count }, (_, i) => ({
      partition: (from + i) % PARTITIONS,
      value: { id: `r${from + i}`, n: from + i },
    }));
    await produceJson(kafka, topic, messages);
  };
  const count = async (table: string) => {
    const r = await db.query<{ n: string; d: string }>(`SELECT count(*) AS n, count(DISTINCT id) AS d FROM ${table}`);
    return { rows: Number(r.rows[0]!.n), distinct: Number(r.rows[0]!.d) };
  };
  const fresh = async () => {
    const topic = uniqueName('trig').replace(/-/g, '_');
    await ensureTopic(kafka, topic, PARTITIONS);
    const table = `t_${topic}`;
    tables.push(table);
    return { topic, table };
  };

  beforeAll(() => db.connect());
  afterAll(async () => {
    for (const t of tables) await db.query(`DROP TABLE IF EXISTS ${t}`);
    await db.end();
  });

  it('ONCE: one batch of every waiting record, whatever max_records_per_batch says; the next run takes only the new ones', async () => {
    const { topic, table } = await fresh();
    await produce(topic, 0, WAITING);
    const text = `SELECT id, n FROM KAFKA ${topic} INTO POSTGRES ${table} ONCE WITH (max_records_per_batch = 500);`;
    const first = await runCli(['run', ksqlFile(text)]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toContain(`stopped after 1 batches, ${WAITING} records in`);
    expect(await count(table)).toEqual({ rows: WAITING, distinct: WAITING });

    await produce(topic, WAITING, 100);
    const second = await runCli(['run', ksqlFile(text)]);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).toContain('stopped after 1 batches, 100 records in');
    expect(await count(table)).toEqual({ rows: WAITING + 100, distinct: WAITING + 100 });

    const nothing = await runCli(['run', ksqlFile(text)]);
    expect(nothing.code, nothing.stderr).toBe(0);
    expect(nothing.stderr).toContain('stopped after 0 batches');
  });

  /** Runs `text` until its table first has rows, then stops it; the rows of that first commit. */
  const firstBatchOf = async (table: string, text: string): Promise<{ rows: number; distinct: number }> => {
    let child: ChildProcess | undefined;
    let seen: { rows: number; distinct: number } | undefined;
    const watch = (async () => {
      for (let i = 0; i < 600 && seen === undefined; i++) {
        await new Promise((r) => setTimeout(r, 50));
        const exists = await db.query(`SELECT to_regclass($1) AS t`, [table]);
        if (exists.rows[0].t === null) continue;
        const c = await count(table);
        if (c.rows > 0) seen = c;
      }
      child?.kill('SIGTERM');
    })();
    const run = await runCli(['run', ksqlFile(text)], { onStderr: (_, c) => (child = c), timeoutMs: 60_000 });
    await watch;
    expect(run.code, run.stderr).toBe(0);
    if (seen === undefined) throw new Error(`no batch committed\n${run.stderr}`);
    return seen;
  };

  it("EVERY: the first interval's batch holds every partition's waiting records", async () => {
    const { topic, table } = await fresh();
    await produce(topic, 0, WAITING);
    const text = `SELECT id, n FROM KAFKA ${topic} INTO POSTGRES ${table} EVERY '30 seconds' WITH (max_records_per_batch = 10000);`;
    expect(await firstBatchOf(table, text)).toEqual({ rows: WAITING, distinct: WAITING });
  });

  it('EVERY: a batch stops at max_records_per_batch', async () => {
    const { topic, table } = await fresh();
    await produce(topic, 0, WAITING);
    const text = `SELECT id, n FROM KAFKA ${topic} INTO POSTGRES ${table} EVERY '30 seconds' WITH (max_records_per_batch = 1000);`;
    expect(await firstBatchOf(table, text)).toEqual({ rows: 1000, distinct: 1000 });
  });
});
