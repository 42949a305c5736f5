import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKafka } from '../../src/connectors/kafka/kafkaClient.js';
import { produceJson } from '../../src/connectors/kafka/produceJson.js';
import { ensureTopic } from '../../src/connectors/kafka/topics.js';
import { Engine, type Logger, type Query, type QueryProgress, type QueryStatus } from '../../src/index.js';
import { uniqueName } from '../helpers/kafka.js';

const brokers = (process.env['K2O_KAFKA_BROKERS'] ?? '127.0.0.1:19092').split(',');
const pgUrl = process.env['K2O_POSTGRES_URL'] ?? 'postgres://k2o@127.0.0.1:55432/k2o';
/** Nothing listens there: the database is unreachable for as long as the test likes, without touching the shared one. */
const CLOSED_PORT_URL = 'postgres://k2o@127.0.0.1:1/k2o';
const PARTITIONS = 3;
const BASE = Date.UTC(2026, 0, 1);

/** The engine's log lines, kept instead of printed. */
function quietLog(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return { lines, info: (m) => void lines.push(m), warn: (m) => void lines.push(m), error: (m) => void lines.push(m) };
}

/** Polls `condition`; a timeout says what the queries were doing (`context`), not only what was awaited. */
async function until(what: string, condition: () => boolean, context: () => string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${context()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const recordsIn = (q: Query) => q.progress()?.totals.numInputRows ?? 0;

const describeStatus = (s: QueryStatus) => ('error' in s && s.error ? `${s.state} (${s.error.message})` : s.state);

/** Every status a query goes through, from CREATED. */
function statuses(q: Query): QueryStatus[] {
  const seen: QueryStatus[] = [q.status()];
  q.on('status', (s) => seen.push(s));
  return seen;
}

/**
 * The Engine API against the real broker and database: queries started from
 * one text and steered one by one, their statuses and their progress figures
 * checked against the records produced.
 */
describe('Engine', () => {
  const kafka = createKafka(brokers, 'k2o-test-engine');
  const db = new pg.Client({ connectionString: pgUrl });
  const tables: string[] = [];
  const engines: Engine[] = [];
  const log = quietLog();
  const waitFor = (what: string, condition: () => boolean) =>
    until(what, condition, () =>
      [
        ...engines.flatMap((e) => e.queries().map((q) => `${q.id}: ${describeStatus(q.status())}, ${recordsIn(q)} records in`)),
        ...log.lines.slice(-15),
      ].join('\n'),
    );
  const config = { kafkaBrokers: brokers, urls: { postgres: pgUrl }, log };

  const engine = () => {
    const e = new Engine(config);
    engines.push(e);
    return e;
  };
  const fresh = async () => {
    const topic = uniqueName('eng').replace(/-/g, '_');
    await ensureTopic(kafka, topic, PARTITIONS);
    const table = (suffix: string) => {
      const t = `${suffix}_${topic}`;
      tables.push(t);
      return t;
    };
    const stream = `CREATE STREAM s (id STRING, n BIGINT, ts TIMESTAMP, WATERMARK FOR ts AS ts - INTERVAL '10' SECOND) WITH (topic = '${topic}');\n`;
    return { topic, table, stream };
  };
  const produce = (topic: string, from: number, count: number) =>
    produceJson(
      kafka,
      topic,
      Array.from({ length: count }, (_, k) => {
        const i = from + k;
        return { partition: i % PARTITIONS, value: { id: `r${i}`, n: i, ts: new Date(BASE + i * 100).toISOString() } };
      }),
    );
  const count = async (table: string) => Number((await db.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`)).rows[0]!.n);

  beforeAll(() => db.connect());
  afterAll(async () => {
    for (const e of engines) await e.stopAll();
    for (const t of tables) await db.query(`DROP TABLE IF EXISTS ${t}`);
    await db.end();
  });

  it('runs two queries of one text; stopping one leaves the other running; awaitTermination with a timeout names the running one', async () => {
    const { topic, table, stream } = await fresh();
    const [a, b] = [table('a'), table('b')];
    await produce(topic, 0, 100);
    const e = engine();
    const [qa, qb] = e.start(`${stream}SELECT id, n FROM KAFKA s INTO POSTGRES ${a};\nSELECT id, n FROM KAFKA s INTO POSTGRES ${b};`);
    expect([qa!.id, qb!.id]).toEqual([a, b]);
    expect(e.queries()).toEqual([qa, qb]);
    await waitFor('both queries to read the first 100 records', () => recordsIn(qa!) === 100 && recordsIn(qb!) === 100);

    await qa!.stop();
    expect(qa!.status()).toEqual({ state: 'STOPPED' });
    expect(qb!.status()).toEqual({ state: 'RUNNING' });
    await produce(topic, 100, 50);
    await waitFor('the running query to read the next 50', () => recordsIn(qb!) === 150);
    expect(recordsIn(qa!)).toBe(100);
    expect(await count(a)).toBe(100);
    expect(await count(b)).toBe(150);

    const started = Date.now();
    expect(await e.awaitTermination(500)).toEqual({ terminated: false, running: [b] });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(await qb!.awaitTermination(100)).toBe(false);

    await e.stopAll();
    expect(qb!.status()).toEqual({ state: 'STOPPED' });
    expect(await e.awaitTermination(1000)).toEqual({ terminated: true, running: [] });
  });

  it('AVAILABLE NOW: CREATED → RUNNING → COMPLETED, with progress figures that add up to the records produced, through a UDF', async () => {
    const { topic, table, stream } = await fresh();
    const [plain, windows] = [table('net'), table('win')];
    await produce(topic, 0, 300);
    await produceJson(kafka, topic, [{ partition: 0, value: Buffer.from('{"id": "broken') }]);
    const e = engine();
    e.registerFunction(
      'net_of',
      { args: ['BIGINT', 'DOUBLE'], returns: 'DOUBLE', deterministic: true },
      (n: number, rate: number) => n * (1 - rate),
    );
    const [q, w] = e.start(
      `${stream}SELECT id, net_of(n, 0.25) AS net FROM KAFKA s WHERE n >= 100 INTO POSTGRES ${plain} AVAILABLE NOW WITH (max_records_per_batch = 50);\n` +
        `SELECT window(ts, '1 minute'), count(*) AS c FROM KAFKA s INTO POSTGRES ${windows} AVAILABLE NOW;`,
    );
    const seen = statuses(q!);
    const batches: QueryProgress[] = [];
    q!.on('batch', (p) => batches.push(p));
    expect(await e.awaitTermination(60_000)).toEqual({ terminated: true, running: [] });
    expect(seen.map((s) => s.state)).toEqual(['CREATED', 'RUNNING', 'COMPLETED']);
    expect(w!.status()).toEqual({ state: 'COMPLETED' });

    // The UDF ran on every row the filter kept.
    const r = await db.query<{ n: string; total: number }>(`SELECT count(*) AS n, sum(net) AS total FROM ${plain}`);
    expect(Number(r.rows[0]!.n)).toBe(200);
    expect(r.rows[0]!.total).toBeCloseTo((0.75 * ((100 + 299) * 200)) / 2, 6);

    const recent = q!.recentProgress();
    expect(recent).toEqual(batches);
    const last = q!.progress()!;
    expect(last).toEqual(recent[recent.length - 1]);
    expect(last.totals).toEqual({
      batches: recent.length,
      numInputRows: 301,
      numOutputRows: 200,
      numDeadLetters: 1,
      numLateRows: 0,
      sinkRetries: 0,
    });
    expect(recent.map((p) => p.batchId)).toEqual(recent.map((_, i) => i));
    expect(recent.reduce((n, p) => n + p.numInputRows, 0)).toBe(301);
    expect(recent.reduce((n, p) => n + p.numOutputRows, 0)).toBe(200);
    expect(recent.reduce((n, p) => n + p.numDeadLetters, 0)).toBe(1);
    for (const [i, p] of recent.entries()) {
      expect(p).toMatchObject({ id: plain, name: plain, runId: q!.runId, numLateRows: 0, stateOperators: [] });
      expect(p.numInputRows).toBeLessThanOrEqual(50);
      expect(p.inputRowsPerSecond).toBeGreaterThan(0);
      expect(p.processedRowsPerSecond).toBeGreaterThan(0);
      const d = p.durationMs;
      expect(d.fetch + d.decode + d.operators + d.commit).toBe(d.total);
      expect(p.sources.reduce((n, s) => n + s.numInputRows, 0)).toBe(p.numInputRows);
      for (const s of p.sources) {
        expect(s.description).toBe('kafka');
        expect(BigInt(s.endOffset) - BigInt(s.startOffset)).toBe(BigInt(s.numInputRows));
        if (i > 0) expect(s.startOffset).toBe(recent[i - 1]!.sources.find((x) => x.partition === s.partition)!.endOffset);
      }
    }
    // 100 records in each partition, and the malformed one in partition 0.
    expect(last.sources.map((s) => [s.topic, s.partition, s.endOffset]).sort()).toEqual([
      [topic, 0, '101'],
      [topic, 1, '100'],
      [topic, 2, '100'],
    ]);

    // Event times span 30 s of one minute: the window stays open, one group in state;
    // the watermark is the slowest partition's latest event time less the delay.
    const wp = w!.progress()!;
    expect(wp.totals.numOutputRows).toBe(0);
    expect(wp.stateOperators).toHaveLength(1);
    expect(wp.stateOperators[0]!.numRowsTotal).toBe(1);
    expect(wp.stateOperators[0]!.memoryUsedBytes).toBeGreaterThan(0);
    expect(wp.eventTime.watermark).toBe(new Date(BASE + 297 * 100 - 10_000).toISOString());
  });

  it('the first batch of a run takes at most 1,000 records, from one partition, and the next ones up to max_records_per_batch; every record once', async () => {
    const { topic, table, stream } = await fresh();
    const t = table('first');
    await produce(topic, 0, 4500);
    const e = engine();
    const [q] = e.start(`${stream}SELECT id, n FROM KAFKA s INTO POSTGRES ${t} AVAILABLE NOW WITH (max_records_per_batch = 3000);`);
    const batches: QueryProgress[] = [];
    q!.on('batch', (p) => batches.push(p));
    expect(await e.awaitTermination(60_000)).toEqual({ terminated: true, running: [] });
    // One partition's share by backlog (a third) of 1,000, where without the cap it would be a third of 3,000.
    expect(batches[0]!.numInputRows).toBeGreaterThanOrEqual(333);
    expect(batches[0]!.numInputRows).toBeLessThanOrEqual(334);
    expect(batches[0]!.sources.filter((s) => s.numInputRows > 0)).toHaveLength(1);
    for (const b of batches) expect(b.numInputRows).toBeLessThanOrEqual(3000);
    expect(batches.reduce((n, b) => n + b.numInputRows, 0)).toBe(4500);
    const r = await db.query<{ n: string; d: string }>(`SELECT count(*) AS n, count(DISTINCT id) AS d FROM ${t}`);
    expect(r.rows[0]).toEqual({ n: '4500', d: '4500' });
  });

  it('reports RETRYING, with the error and the next attempt, while the database is unreachable, then FAILED', async () => {
    const { topic, table, stream } = await fresh();
    await produce(topic, 0, 10);
    const down = new Engine({
      kafkaBrokers: brokers,
      urls: { postgres: CLOSED_PORT_URL },
      log,
      retry: { attempts: 3, firstDelayMs: 200, maxDelayMs: 400 },
    });
    engines.push(down);
    const [q] = down.start(`${stream}SELECT id FROM KAFKA s INTO POSTGRES ${table('down')} AVAILABLE NOW;`);
    const seen = statuses(q!);
    const errors: Error[] = [];
    q!.on('error', (err) => errors.push(err));
    const retrying: number[] = [];
    q!.on('status', (s) => s.state === 'RETRYING' && retrying.push(s.nextAttemptAt.getTime() - Date.now()));
    expect(await q!.awaitTermination(30_000)).toBe(true);

    expect(seen.map((s) => s.state)).toEqual(['CREATED', 'RUNNING', 'RETRYING', 'RETRYING', 'FAILED']);
    const first = seen[2] as Extract<QueryStatus, { state: 'RETRYING' }>;
    expect(first.error.message).toContain('cannot connect to PostgreSQL at postgres://k2o@127.0.0.1:1/k2o');
    // Full jitter: each wait is drawn below its doubled bound (200 ms, then 400 ms).
    expect(retrying[0]).toBeLessThanOrEqual(200);
    expect(retrying[1]).toBeLessThanOrEqual(400);
    expect(retrying.every((ms) => ms > -50)).toBe(true);
    const failed = q!.status() as Extract<QueryStatus, { state: 'FAILED' }>;
    expect(failed.error.message).toContain('cannot connect to PostgreSQL');
    expect(errors).toEqual([failed.error]);
  });

  it('a failing query does not stop the others, unless stopOnFailure', async () => {
    const { topic, table, stream } = await fresh();
    await produce(topic, 0, 30);
    const failAt7 = (n: number) => {
      if (n === 7) throw new Error('no sevens');
      return n;
    };
    const text = (bad: string, good: string) =>
      `${stream}SELECT fail_at_7(n) AS m FROM KAFKA s INTO POSTGRES ${bad};\nSELECT id, n FROM KAFKA s INTO POSTGRES ${good};`;

    const e = engine();
    e.registerFunction('fail_at_7', { args: ['BIGINT'], returns: 'BIGINT' }, failAt7);
    const [bad, good] = e.start(text(table('bad'), table('good')));
    await waitFor('the failing query to fail', () => bad!.status().state === 'FAILED');
    expect((bad!.status() as { error: Error }).error.message).toBe('no sevens');
    await waitFor('the other query to read all 30', () => recordsIn(good!) === 30);
    await produce(topic, 30, 20);
    await waitFor('the other query to read 20 more', () => recordsIn(good!) === 50);
    expect(good!.status()).toEqual({ state: 'RUNNING' });
    expect(await e.awaitTermination(200)).toEqual({ terminated: false, running: [good!.id] });
    await e.stopAll();

    const strict = new Engine({ ...config, stopOnFailure: true });
    engines.push(strict);
    const [bad2, good2] = strict.start(text(table('bad2'), table('good2')));
    expect(await strict.awaitTermination(60_000)).toEqual({ terminated: true, running: [] });
    expect(bad2!.status().state).toBe('FAILED');
    expect(good2!.status()).toEqual({ state: 'STOPPED' });
  });

  it('refuses a text that does not compile, and a second run of a running query id, starting nothing', async () => {
    const { table, stream } = await fresh();
    const e = engine();
    expect(() => e.start('SELECT FROM;')).toThrow(
      expect.objectContaining({ name: 'CompileError', diagnostics: [expect.objectContaining({ code: 'K1002' })] }),
    );
    const t = table('dup');
    e.start(`${stream}SELECT id FROM KAFKA s INTO POSTGRES ${t};`);
    expect(() => e.start(`${stream}SELECT id FROM KAFKA s INTO POSTGRES ${t};`)).toThrow(`query ${t} is already running`);
    expect(e.queries()).toHaveLength(1);
    await e.stopAll();
  });
});
