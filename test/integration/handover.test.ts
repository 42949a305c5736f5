import { spawn, type ChildProcess } from 'node:child_process';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKafka } from '../../src/connectors/kafka/kafkaClient.js';
import { ensureTopic } from '../../src/connectors/kafka/topics.js';
import { CLI, ksqlFile } from '../helpers/cli.js';
import { produceIds, uniqueName } from '../helpers/kafka.js';

const brokers = (process.env['K2O_KAFKA_BROKERS'] ?? '127.0.0.1:19092').split(',');
const pgUrl = process.env['K2O_POSTGRES_URL'] ?? 'postgres://k2o@127.0.0.1:55432/k2o';
const PARTITIONS = 3;
const TOTAL = 10_500;
const CHUNK = 250;

interface Running {
  readonly child: ChildProcess;
  readonly exited: Promise<number | null>;
  stderr: string;
}

/** `k2o run file` as a deploy starts it; its log is kept for the failure message. */
function start(file: string): Running {
  const env = { ...process.env, K2O_KAFKA_BROKERS: brokers.join(','), K2O_POSTGRES_URL: pgUrl };
  const child = spawn(process.execPath, [CLI, 'run', file], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  const running: Running = { child, exited: new Promise((resolve) => child.on('exit', (code) => resolve(code))), stderr: '' };
  child.stderr?.on('data', (d: Buffer) => (running.stderr += d.toString()));
  return running;
}

async function until(what: string, holds: () => Promise<boolean>, timeoutMs: number, logs: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await holds().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms\n${logs()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * A rolling deploy (issue 12, the hand-over and hot standby): process A runs a
 * query, records keep arriving, process B starts with the same file and stands
 * by on the query's lease; A is stopped. B takes over within seconds, from the
 * offsets A committed, never from the positions it could have read at its own
 * start: every record is in the table exactly once.
 */
describe('hand-over between two processes of one query', () => {
  const kafka = createKafka(brokers, 'k2o-test-handover');
  const db = new pg.Client({ connectionString: pgUrl });
  const count = async (sql: string) => Number((await db.query(sql)).rows[0].n);

  /** Milliseconds from A's stop to B holding the lease, printed for the notes. */
  const takeOver: Partial<Record<string, number>> = {};

  beforeAll(() => db.connect());
  afterAll(async () => {
    console.log(`hand-over: B took the lease ${JSON.stringify(takeOver)} ms after A's stop`);
    await db.end();
  });

  for (const stop of ['SIGTERM', 'SIGKILL'] as const) {
    it(`A stopped by ${stop} while B runs: every record once`, async () => {
      const topic = uniqueName(`handover_${stop.toLowerCase()}`).replace(/-/g, '_');
      const table = `t_${topic}`;
      await ensureTopic(kafka, topic, PARTITIONS);
      const file = ksqlFile(
        `SELECT id, _partition, _offset FROM KAFKA ${topic} INTO POSTGRES ${table} WITH (max_records_per_batch = 200);`,
      );
      let produced = 0;
      const produceChunk = async () => {
        await produceIds(kafka, topic, produced, CHUNK, PARTITIONS);
        produced += CHUNK;
      };
      // Records keep arriving through the whole hand-over.
      let producing = true;
      const producer = (async () => {
        while (producing && produced < TOTAL) {
          await produceChunk();
          await new Promise((r) => setTimeout(r, 150));
        }
      })();

      const a = start(file);
      let b: Running | undefined;
      const logs = () => `--- A ---\n${a.stderr}\n--- B ---\n${b?.stderr ?? ''}`;
      try {
        await until('A writes its first rows', async () => (await count(`SELECT count(*) AS n FROM ${table}`)) >= 1000, 60_000, logs);
        b = start(file);
        await until('B stands by', async () => /standing by/.test(b!.stderr), 60_000, logs);
        // B waits while A goes on committing: B must start from where A ends, not from now.
        await new Promise((r) => setTimeout(r, 1500));
        expect(b.stderr, logs()).not.toMatch(/started/);
        a.child.kill(stop);
        const stoppedAt = Date.now();
        const aExit = await a.exited;
        if (stop === 'SIGTERM') expect(aExit, logs()).toBe(0);
        await until('B takes over', async () => /taking over/.test(b!.stderr), 10_000, logs);
        takeOver[stop] = Date.now() - stoppedAt;
        await producer;
        while (produced < TOTAL) await produceChunk();
        producing = false;
        // A kill -9'd member holds its partitions until its session (10 s) expires.
        await until('B has every record', async () => (await count(`SELECT count(*) AS n FROM ${table}`)) >= TOTAL, 45_000, logs);
        // Whatever B still had in flight commits before the counts are final.
        await new Promise((r) => setTimeout(r, 1000));
        expect(await count(`SELECT count(*) AS n FROM ${table}`), logs()).toBe(TOTAL);
        expect(await count(`SELECT count(DISTINCT id) AS n FROM ${table}`)).toBe(TOTAL);
        expect(await count(`SELECT count(DISTINCT (_partition, _offset)) AS n FROM ${table}`)).toBe(TOTAL);
        b.child.kill('SIGTERM');
        expect(await b.exited, logs()).toBe(0);
      } finally {
        producing = false;
        await producer.catch(() => undefined);
        a.child.kill('SIGKILL');
        b?.child.kill('SIGKILL');
        await db.query(`DROP TABLE IF EXISTS ${table}`);
      }
    }, 150_000);
  }
});
