import type { ChildProcess } from 'node:child_process';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKafka } from '../../src/connectors/kafka/kafkaClient.js';
import { produceJson } from '../../src/connectors/kafka/produceJson.js';
import { ensureTopic } from '../../src/connectors/kafka/topics.js';
import { ksqlFile, runCli, type CliRun } from '../helpers/cli.js';
import { uniqueName } from '../helpers/kafka.js';
import { eventually, monitoringPort, parseMetrics, valuesOf } from '../helpers/monitoring.js';
import { TcpProxy } from '../helpers/tcpProxy.js';

const brokers = (process.env['K2O_KAFKA_BROKERS'] ?? '127.0.0.1:19092').split(',');
const pgUrl = new URL(process.env['K2O_POSTGRES_URL'] ?? 'postgres://k2o@127.0.0.1:55432/k2o');

/**
 * `k2o run --metrics-port` on real Kafka and PostgreSQL, with PostgreSQL behind
 * a proxy the test cuts: /metrics agrees with what was produced and written,
 * lag grows during the outage and falls back to 0, and /health/ready is 503
 * while the sink is retried, 200 again after.
 */
describe('k2o run --metrics-port: metrics, lag and health over HTTP', () => {
  const kafka = createKafka(brokers, 'k2o-test-monitoring');
  const topic = uniqueName('monitoring').replace(/-/g, '_');
  const copy = `${topic}_copy`;
  const counts = `${topic}_counts`;
  const db = new pg.Client({ connectionString: pgUrl.toString() });
  let proxy: TcpProxy;

  beforeAll(async () => {
    await ensureTopic(kafka, topic, 2);
    await db.connect();
    proxy = await TcpProxy.start({ host: pgUrl.hostname, port: Number(pgUrl.port) });
  });

  afterAll(async () => {
    await db.query(`DROP TABLE IF EXISTS ${copy}, ${counts}`).catch(() => {});
    await db.end();
    await proxy.stop();
  });

  const records = (from: number, n: number) =>
    Array.from({ length: n }, (_, i) => ({
      key: `k${from + i}`,
      value: { id: from + i, ts: new Date(Date.UTC(2026, 0, 1, 0, 0, from + i)).toISOString() },
    }));

  it('counts what was produced and written, shows lag falling to 0 and readiness flipping during an outage', async () => {
    await produceJson(kafka, topic, records(0, 100));
    const file = ksqlFile(
      `CREATE STREAM s (id BIGINT, ts TIMESTAMP, WATERMARK FOR ts AS ts - INTERVAL '5' SECOND) WITH (topic = '${topic}');\n` +
        `SELECT id FROM KAFKA s INTO POSTGRES ${copy} WITH (name = '${copy}');\n` +
        `SELECT window(ts, '1 minute'), count(*) AS c FROM KAFKA s INTO POSTGRES ${counts} MODE UPDATE WITH (name = '${counts}');\n`,
    );
    let child: ChildProcess | undefined;
    let port: number | undefined;
    const run: Promise<CliRun> = runCli(['run', '--metrics-port', '0', file], {
      timeoutMs: 120_000,
      env: { K2O_POSTGRES_URL: `postgres://${pgUrl.username}@127.0.0.1:${proxy.port}${pgUrl.pathname}` },
      onStderr: (text, c) => {
        child = c;
        port ??= monitoringPort(text);
      },
    });
    const url = (path: string) => `http://127.0.0.1:${port!}${path}`;
    const scrape = async () => parseMetrics(await (await fetch(url('/metrics'))).text());
    const ready = async () => {
      const res = await fetch(url('/health/ready'));
      return { code: res.status, body: (await res.json()) as { status: string; reasons: string[] } };
    };
    try {
      await eventually('the monitoring port', async () => port);
      expect((await fetch(url('/health/live'))).status).toBe(200);

      // During the run: the first 100 records are in and written by both queries, the lag of each partition 0.
      const first = await eventually('100 records in, in each query', async () => {
        const m = await scrape();
        const done = (query: string) => valuesOf(m, 'k2o_records_in_total', { query })[0] === 100;
        return done(copy) && done(counts) ? m : undefined;
      });
      expect(valuesOf(first, 'k2o_rows_out_total', { query: copy })).toEqual([100]);
      expect(valuesOf(first, 'k2o_query_status', { query: copy, state: 'RUNNING' })).toEqual([1]);
      // At most the latest event time read (00:01:39) less the 5 s delay.
      const watermark = valuesOf(first, 'k2o_watermark_seconds', { query: counts })[0]!;
      expect(watermark).toBeGreaterThan(Date.UTC(2026, 0, 1, 0, 1, 0) / 1000);
      expect(watermark).toBeLessThanOrEqual(Date.UTC(2026, 0, 1, 0, 1, 34) / 1000);
      expect(valuesOf(first, 'k2o_state_rows', { query: counts }).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
      expect(valuesOf(first, 'k2o_batch_duration_seconds_count', { query: copy })[0]).toBeGreaterThan(0);
      expect(valuesOf(first, 'k2o_batch_phase_duration_seconds_count', { query: copy, phase: 'commit' })[0]).toBeGreaterThan(0);
      expect(valuesOf(first, 'k2o_end_to_end_latency_seconds_count', { query: copy })[0]).toBeGreaterThan(0);
      await eventually('lag 0 on both partitions', async () => {
        const lag = valuesOf(await scrape(), 'k2o_lag_records', { query: copy });
        return lag.length === 2 && lag.every((v) => v === 0) ? lag : undefined;
      });
      expect(await ready()).toEqual({ code: 200, body: { status: 'ready', reasons: [] } });

      // PostgreSQL goes away: the next batch is retried, the process is not ready, and lag grows.
      await proxy.cut();
      await produceJson(kafka, topic, records(100, 100));
      const down = await eventually('not ready', async () => {
        const r = await ready();
        return r.code === 503 ? r : undefined;
      });
      expect(down.body.status).toBe('not ready');
      expect(down.body.reasons.join('\n')).toMatch(/RETRYING/);
      const behind = await eventually('lag above 0', async () => {
        const lag = valuesOf(await scrape(), 'k2o_lag_records', { query: copy }).reduce((a, b) => a + b, 0);
        return lag > 0 ? lag : undefined;
      });
      expect(behind).toBeLessThanOrEqual(100);

      // It comes back: everything is written once, lag falls to 0, ready again.
      await proxy.restore();
      // Each query catches up on its own; both must.
      const after = await eventually('200 records in for both queries', async () => {
        const m = await scrape();
        const done =
          valuesOf(m, 'k2o_rows_out_total', { query: copy })[0] === 200 &&
          valuesOf(m, 'k2o_records_in_total', { query: counts })[0] === 200;
        return done ? m : undefined;
      });
      expect(valuesOf(after, 'k2o_records_in_total', { query: copy })).toEqual([200]);
      expect(valuesOf(after, 'k2o_records_in_total', { query: counts })).toEqual([200]);
      expect(valuesOf(after, 'k2o_dead_letters_total', { query: copy })).toEqual([0]);
      expect(valuesOf(after, 'k2o_sink_retries_total', { query: copy })[0]).toBeGreaterThan(0);
      await eventually('lag back to 0', async () => {
        const lag = valuesOf(await scrape(), 'k2o_lag_records', { query: copy });
        return lag.length === 2 && lag.every((v) => v === 0) ? lag : undefined;
      });
      await eventually('ready again', async () => ((await ready()).code === 200 ? true : undefined));
      const written = await db.query<{ n: string }>(`SELECT count(*) AS n FROM ${copy}`);
      expect(Number(written.rows[0]!.n)).toBe(200);

      const api = (await (await fetch(url('/api/queries'))).json()) as { queries: { id: string; lag: { total: number } }[] };
      expect(api.queries.map((q) => q.id)).toEqual([copy, counts]);
      expect(api.queries[0]!.lag.total).toBe(0);
    } finally {
      child?.kill('SIGTERM');
    }
    const done = await run;
    expect(done.code, done.stderr).toBe(0);
  }, 150_000);
});
