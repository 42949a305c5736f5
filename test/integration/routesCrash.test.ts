import { spawn } from 'node:child_process';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKafka } from '../../src/connectors/kafka/kafkaClient.js';
import { produceJson } from '../../src/connectors/kafka/produceJson.js';
import { ensureTopic } from '../../src/connectors/kafka/topics.js';
import { generateOrders } from '../../tools/data/orders.js';
import { CLI, ksqlFile, runCli } from '../helpers/cli.js';
import { uniqueName } from '../helpers/kafka.js';

const brokers = (process.env['K2O_KAFKA_BROKERS'] ?? '127.0.0.1:19092').split(',');
const pgUrl = process.env['K2O_POSTGRES_URL'] ?? 'postgres://k2o@127.0.0.1:55432/k2o';

/**
 * The good/bad split across a crash: k2o is killed with SIGKILL while batches
 * commit, then restarted. Each order is in exactly one of the two tables, the
 * one its amount says: a route commits in the batch's transaction, so no crash
 * leaves an order in both or in neither.
 */
describe('FAILED ROWS INTO across SIGKILL', () => {
  const kafka = createKafka(brokers, 'k2o-test-routes-crash');
  const db = new pg.Client({ connectionString: pgUrl });
  const orders = generateOrders({ count: 12_000, seed: 9, stepMs: 200 });
  const topic = uniqueName('routes_crash').replace(/-/g, '_');
  const good = `good_${topic}`;
  const bad = `bad_${topic}`;

  beforeAll(async () => {
    await db.connect();
    await ensureTopic(kafka, topic, 3);
    await produceJson(
      kafka,
      topic,
      orders.map((o, i) => ({ value: o, partition: i % 3 })),
    );
  });
  afterAll(async () => {
    await db.query(`DROP TABLE IF EXISTS ${good}, ${bad}`);
    await db.end();
  });

  const count = async (sql: string) => Number((await db.query(sql)).rows[0].n);

  it('every order lands once, in the table its rule decides, after a kill mid-stream and a restart', async () => {
    const text = (trigger: string) =>
      `SELECT order_id, amount, _partition, _offset FROM KAFKA ${topic} QUALITY (amount >= 100 AS at_least_100) ` +
      `INTO POSTGRES ${good} FAILED ROWS INTO POSTGRES ${bad} ${trigger} WITH (max_records_per_batch = 300);`;
    const env = { ...process.env, K2O_KAFKA_BROKERS: brokers.join(','), K2O_POSTGRES_URL: pgUrl };
    const child = spawn(process.execPath, [CLI, 'run', ksqlFile(text(''))], { env, stdio: 'ignore' });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    const both = `SELECT (SELECT count(*) FROM ${good}) + (SELECT count(*) FROM ${bad}) AS n`;
    const deadline = Date.now() + 60_000;
    while (!((await count(both).catch(() => 0)) >= 2000)) {
      if (Date.now() > deadline) throw new Error('k2o never reached the point to kill it');
      await new Promise((r) => setTimeout(r, 20));
    }
    child.kill('SIGKILL');
    await exited;
    expect(await count(both)).toBeLessThan(orders.length);

    const rerun = await runCli(['run', ksqlFile(text('AVAILABLE NOW'))]);
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(rerun.stderr).toMatch(/started from committed offsets/);
    const small = orders.filter((o) => !(o.amount >= 100)).length;
    expect(small).toBeGreaterThan(0);
    expect(await count(`SELECT count(*) AS n FROM ${good}`)).toBe(orders.length - small);
    expect(await count(`SELECT count(*) AS n FROM ${bad}`)).toBe(small);
    expect(await count(`SELECT count(*) AS n FROM ${good} g JOIN ${bad} b USING (order_id)`)).toBe(0);
    expect(
      await count(
        `SELECT count(DISTINCT (_partition, _offset)) AS n FROM (SELECT _partition, _offset FROM ${good} UNION ALL SELECT _partition, _offset FROM ${bad}) u`,
      ),
    ).toBe(orders.length);
    expect(await count(`SELECT count(*) AS n FROM ${bad} WHERE failed_rules <> 'at_least_100' OR quality_at_least_100`)).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM ${good} WHERE amount < 100 OR NOT quality_at_least_100`)).toBe(0);
  }, 120_000);
});
