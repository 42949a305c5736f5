import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKafka } from '../../src/connectors/kafka/kafkaClient.js';
import { ensureTopic } from '../../src/connectors/kafka/topics.js';
import { ksqlFile, runCli, type CliRun } from '../helpers/cli.js';
import { produceIds, uniqueName } from '../helpers/kafka.js';
import { eventually, monitoringPort } from '../helpers/monitoring.js';
import { KAFKA_LIBS, startPrivateKafka, type PrivateKafka } from '../helpers/privateKafka.js';

const pgUrl = process.env['K2O_POSTGRES_URL'] ?? 'postgres://k2o@127.0.0.1:55432/k2o';
const OUTAGE_MS = 60_000;
const CHUNK = 100;
const quiet = { info: () => {}, warn: () => {}, error: () => {} };

interface Readiness {
  readonly code: number;
  readonly reasons: string[];
}

/** `k2o run --metrics-port 0` on one query reading the private broker, with what the test needs to watch it. */
function startRun(broker: string, topic: string, table: string) {
  const file = ksqlFile(`SELECT id FROM KAFKA ${topic} INTO POSTGRES ${table} WITH (max_records_per_batch = 50);`);
  let child: ChildProcess | undefined;
  let port: number | undefined;
  let stderr = '';
  let exited: CliRun | undefined;
  const run = runCli(['run', '--metrics-port', '0', file], {
    timeoutMs: OUTAGE_MS + 120_000,
    env: { K2O_KAFKA_BROKERS: broker },
    onStderr: (text, c) => {
      child = c;
      stderr = text;
      port ??= monitoringPort(text);
    },
  });
  void run.then((r) => (exited = r));
  return {
    run,
    stderr: () => stderr,
    exited: () => exited,
    sigterm: () => child?.kill('SIGTERM'),
    ready: async (): Promise<Readiness> => {
      const res = await fetch(`http://127.0.0.1:${await eventually('the monitoring port', async () => port)}/health/ready`);
      return { code: res.status, reasons: ((await res.json()) as { reasons: string[] }).reasons };
    },
  };
}

/**
 * The broker killed (`kill -9`) while a query reads from it (issue 12,
 * outages of any length, the same for the broker): k2o neither exits nor
 * crashes; once the Kafka client has given up its own reconnects the query is
 * RETRYING with the error and the next attempt (/health/ready 503), and when
 * the broker is back it reads on from the committed offsets: every record in
 * the table once. The broker is a private one from the project's jars, killed
 * and started again on the same data and ports; the shared broker is never
 * touched.
 */
describe.skipIf(!existsSync(KAFKA_LIBS))(
  'a broker killed while a query reads from it (skipped without the broker jars: scripts/services/kafka.sh start fetches them)',
  () => {
    const db = new pg.Client({ connectionString: pgUrl });
    let kafka: PrivateKafka;

    beforeAll(async () => {
      await db.connect();
      kafka = await startPrivateKafka();
    });
    afterAll(async () => {
      await kafka?.stop();
      await db.end();
    });

    const ids = async (table: string) =>
      (await db.query<{ id: string }>(`SELECT id FROM ${table}`).catch(() => ({ rows: [] }))).rows
        .map((r) => Number(r.id))
        .sort((a, b) => a - b);
    const range = (n: number) => Array.from({ length: n }, (_, i) => i);

    it(
      'is waited out for a minute: RETRYING, no exit, then every record once; SIGTERM after it exits 0',
      { timeout: OUTAGE_MS + 150_000 },
      async () => {
        const topic = uniqueName('broker_kill').replace(/-/g, '_');
        const table = `t_${topic}`;
        const client = createKafka([kafka.broker], 'k2o-test-broker-kill', quiet);
        await ensureTopic(client, topic, 2);
        await produceIds(client, topic, 0, CHUNK, 2);
        const k2o = startRun(kafka.broker, topic, table);
        try {
          await eventually('the first records in the table', async () => ((await ids(table)).length === CHUNK ? true : undefined), 60_000);
          expect((await k2o.ready()).code).toBe(200);

          // More records, and the broker dies while the query reads them.
          await produceIds(client, topic, CHUNK, CHUNK, 2);
          await kafka.kill();
          const killedAt = Date.now();
          const down = await eventually(
            'RETRYING',
            async () => {
              const r = await k2o.ready();
              return r.code === 503 ? r : undefined;
            },
            OUTAGE_MS,
          );
          expect(down.reasons.join('\n')).toMatch(/is RETRYING \(next attempt [^)]+\): Kafka is unreachable at 127\.0\.0\.1:\d+/);
          const retryingAfterMs = Date.now() - killedAt;
          while (Date.now() - killedAt < OUTAGE_MS) {
            expect(k2o.exited(), k2o.stderr()).toBeUndefined();
            expect((await k2o.ready()).code).toBe(503);
            await new Promise((r) => setTimeout(r, 2_000));
          }
          expect(k2o.stderr()).toMatch(/reading from the source failed \(attempt \d+, failing for \d+ s\)/);

          await kafka.restart();
          const backAt = Date.now();
          await produceIds(client, topic, 2 * CHUNK, CHUNK, 2);
          await eventually(
            'every record after the outage',
            async () => ((await ids(table)).length >= 3 * CHUNK ? true : undefined),
            90_000,
          );
          const caughtUpMs = Date.now() - backAt;
          expect(await ids(table)).toEqual(range(3 * CHUNK));
          await eventually('ready again', async () => ((await k2o.ready()).code === 200 ? true : undefined));
          expect(k2o.exited(), k2o.stderr()).toBeUndefined();
          console.log(
            `broker kill: RETRYING ${retryingAfterMs} ms after the kill; every record in ${caughtUpMs} ms after the broker was back`,
          );
        } finally {
          k2o.sigterm();
        }
        const done = await k2o.run;
        expect(done.code, done.stderr).toBe(0);
        expect(done.stderr).not.toContain('query failed');
        expect(done.stderr).not.toContain('internal error');
      },
    );

    it('SIGTERM while the broker is away exits 0 at once, with only whole batches written', { timeout: 120_000 }, async () => {
      const topic = uniqueName('broker_kill_stop').replace(/-/g, '_');
      const table = `t_${topic}`;
      const client = createKafka([kafka.broker], 'k2o-test-broker-kill-stop', quiet);
      await ensureTopic(client, topic, 2);
      await produceIds(client, topic, 0, CHUNK, 2);
      const k2o = startRun(kafka.broker, topic, table);
      await eventually('the records in the table', async () => ((await ids(table)).length === CHUNK ? true : undefined), 60_000);
      await kafka.kill();
      await eventually('RETRYING', async () => ((await k2o.ready()).code === 503 ? true : undefined), 60_000);
      const signalledAt = Date.now();
      k2o.sigterm();
      const done = await k2o.run;
      const stoppedMs = Date.now() - signalledAt;
      expect(done.code, done.stderr).toBe(0);
      expect(done.stderr).toContain('stopped while reading from the source waited to be retried');
      expect(done.stderr).not.toContain('query failed');
      expect(stoppedMs, done.stderr).toBeLessThan(5_000);
      // What is committed is whole: the rows and the stored offsets agree.
      expect(await ids(table)).toEqual(range(CHUNK));
      const stored = await db.query<{ n: string }>(`SELECT sum(next_offset) AS n FROM k2o_offsets WHERE topic = $1`, [topic]);
      expect(Number(stored.rows[0]!.n)).toBe(CHUNK);
      console.log(`broker kill: SIGTERM during the outage exited 0 in ${stoppedMs} ms`);
    });
  },
);
