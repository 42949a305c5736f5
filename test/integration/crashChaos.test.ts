import { spawn } from 'node:child_process';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKafka } from '../../src/connectors/kafka/kafkaClient.js';
import { produceJson } from '../../src/connectors/kafka/produceJson.js';
import { ensureTopic } from '../../src/connectors/kafka/topics.js';
import { generateOrders, seededRandom } from '../../tools/data/orders.js';
import { CLI, ksqlFile } from '../helpers/cli.js';
import { uniqueName } from '../helpers/kafka.js';

const brokers = (process.env['K2O_KAFKA_BROKERS'] ?? '127.0.0.1:19092').split(',');
const pgUrl = process.env['K2O_POSTGRES_URL'] ?? 'postgres://k2o@127.0.0.1:55432/k2o';
/** `K2O_CHAOS=long` for the longer run: more records, more kills. */
const LONG = process.env['K2O_CHAOS'] === 'long';
const RECORDS = LONG ? 1_000_000 : 200_000;
const KILLS = LONG ? 40 : 10;
const PARTITIONS = 3;

/** The four kinds of query, each with its own table and so its own offsets and state. */
const KINDS = {
  rows: {
    select: (t: string) => `SELECT order_id, customer_id, amount FROM KAFKA {s} WHERE amount > 100 INTO POSTGRES ${t}`,
    columns: 'order_id, customer_id, amount',
  },
  tumbling: {
    select: (t: string) =>
      `SELECT window(ts, '1 minute'), product_category, count(*) AS n, sum(amount) AS total FROM KAFKA {s} GROUP BY window(ts, '1 minute'), product_category INTO POSTGRES ${t} MODE APPEND`,
    columns: 'window_start, window_end, product_category, n, round(total::numeric, 4)',
  },
  update: {
    select: (t: string) =>
      `SELECT customer_id, count(*) AS n, sum(amount) AS total, max(ts) AS last_ts FROM KAFKA {s} GROUP BY customer_id INTO POSTGRES ${t} MODE UPDATE`,
    columns: 'customer_id, n, round(total::numeric, 4), last_ts',
  },
  session: {
    select: (t: string) =>
      `SELECT customer_id, session(ts, '5 minutes'), count(*) AS n FROM KAFKA {s} GROUP BY customer_id, session(ts, '5 minutes') INTO POSTGRES ${t} MODE APPEND`,
    columns: 'customer_id, window_start, window_end, n',
  },
} as const;

/**
 * Crash chaos (issue 12): one process runs a stateless query, a tumbling APPEND
 * aggregation, an UPDATE aggregation and a session window over the same topic,
 * and is killed with SIGKILL at KILLS random instants — some while a COMMIT is
 * in flight, found through pg_stat_activity — and restarted each time. Beside
 * it, the same four queries run once without interruption into tables of their
 * own. The tables must be equal row for row. The watermark delay (1 hour) is
 * longer than any disorder in the data, so no row is late in either run,
 * whatever the batch boundaries: the two runs must agree exactly.
 */
describe('crash chaos: SIGKILL at random instants', () => {
  const kafka = createKafka(brokers, 'k2o-test-chaos');
  const db = new pg.Client({ connectionString: pgUrl });
  const topic = uniqueName('chaos').replace(/-/g, '_');
  const stream = `CREATE STREAM ${topic} (order_id STRING NOT NULL, customer_id STRING NOT NULL, amount DOUBLE, product_category STRING, ts TIMESTAMP NOT NULL, WATERMARK FOR ts AS ts - INTERVAL '1' HOUR);`;
  const file = (suffix: string) =>
    ksqlFile(
      [
        stream,
        ...Object.entries(KINDS).map(
          ([kind, k]) =>
            `${k.select(`${kind}_${suffix}_${topic}`).replace('{s}', topic)} AVAILABLE NOW WITH (max_records_per_batch = 2000);`,
        ),
      ].join('\n'),
    );

  beforeAll(async () => {
    await db.connect();
    await ensureTopic(kafka, topic, PARTITIONS);
    const orders = generateOrders({ count: RECORDS, seed: 12, stepMs: 100 });
    const last = Date.parse(orders[orders.length - 1]!.ts);
    // One record per partition a day later closes every window and session.
    const closing = [0, 1, 2].map((p) => ({
      ...orders[0]!,
      order_id: `close-${p}`,
      amount: 0,
      ts: new Date(last + 86_400_000).toISOString(),
    }));
    for (let i = 0; i < orders.length; i += 20_000)
      await produceJson(
        kafka,
        topic,
        orders.slice(i, i + 20_000).map((o, j) => ({ value: o, partition: (i + j) % PARTITIONS })),
      );
    await produceJson(
      kafka,
      topic,
      closing.map((o, p) => ({ value: o, partition: p })),
    );
  }, 120_000);
  afterAll(() => db.end());

  it(
    `${KILLS} kills over ${RECORDS} records: every table equals the uninterrupted run's`,
    { timeout: LONG ? 3_600_000 : 420_000 },
    async () => {
      const app = `k2o_chaos_${topic}`.slice(0, 60);
      const url = `${pgUrl}${pgUrl.includes('?') ? '&' : '?'}application_name=${app}`;
      const env = { ...process.env, K2O_KAFKA_BROKERS: brokers.join(','), K2O_POSTGRES_URL: url };
      const run = (path: string) => {
        const child = spawn(process.execPath, [CLI, 'run', path], { env, stdio: ['ignore', 'ignore', 'pipe'] });
        let stderr = '';
        child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
        const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
        return { child, exited, log: () => stderr };
      };
      const reference = run(file('ref'));
      const chaosFile = file('chaos');
      const random = seededRandom(99);
      const insideCommit = async (withinMs: number) => {
        const deadline = Date.now() + withinMs;
        while (Date.now() < deadline) {
          const r = await db.query(
            `SELECT count(*) AS n FROM pg_stat_activity WHERE application_name = $1 AND state = 'active' AND query = 'COMMIT'`,
            [app],
          );
          if (Number(r.rows[0].n) > 0) return true;
        }
        return false;
      };
      let kills = 0;
      let killedInCommit = 0;
      const logs: string[] = [];
      for (;;) {
        const r = run(chaosFile);
        if (kills === KILLS) {
          expect(await r.exited, r.log()).toBe(0);
          logs.push(r.log());
          break;
        }
        // Every query has joined and read its committed offsets before the kill is timed.
        const deadline = Date.now() + 60_000;
        while ((r.log().match(/started/g) ?? []).length < 4 && Date.now() < deadline) await new Promise((w) => setTimeout(w, 20));
        if (kills % 3 === 2) {
          if (await insideCommit(5_000)) killedInCommit++;
        } else {
          await new Promise((w) => setTimeout(w, 200 + random() * 2000));
        }
        r.child.kill('SIGKILL');
        const code = await r.exited;
        logs.push(r.log());
        // A run may finish before its kill: then the chaos is over early, which would prove less.
        expect(code, r.log()).toBeNull();
        kills++;
      }
      expect(await reference.exited, reference.log()).toBe(0);
      console.log(`crash chaos: ${kills} kills, ${killedInCommit} during a COMMIT, ${RECORDS} records`);

      for (const [kind, k] of Object.entries(KINDS)) {
        const a = `${kind}_chaos_${topic}`;
        const b = `${kind}_ref_${topic}`;
        const n = async (sql: string) => Number((await db.query(sql)).rows[0].n);
        const rows = await n(`SELECT count(*) AS n FROM ${b}`);
        expect(rows, kind).toBeGreaterThan(0);
        expect(await n(`SELECT count(*) AS n FROM ${a}`), kind).toBe(rows);
        const differ = await n(
          `SELECT count(*) AS n FROM ((SELECT ${k.columns} FROM ${a} EXCEPT ALL SELECT ${k.columns} FROM ${b}) UNION ALL (SELECT ${k.columns} FROM ${b} EXCEPT ALL SELECT ${k.columns} FROM ${a})) d`,
        );
        expect(differ, `${kind}: rows that differ between the killed and the uninterrupted run`).toBe(0);
      }
    },
  );
});
