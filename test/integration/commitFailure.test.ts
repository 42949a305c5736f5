import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compile } from '../../src/compile.js';
import { createKafka } from '../../src/connectors/kafka/kafkaClient.js';
import { produceJson } from '../../src/connectors/kafka/produceJson.js';
import { ensureTopic } from '../../src/connectors/kafka/topics.js';
import { createSink, createSource } from '../../src/connectors/createConnectors.js';
import type { Sink } from '../../src/runtime/ports/Sink.js';
import { QueryRunner } from '../../src/runtime/QueryRunner.js';
import type { Logger } from '../../src/runtime/Logger.js';
import { generateOrders } from '../../tools/data/orders.js';
import { uniqueName } from '../helpers/kafka.js';

const brokers = (process.env['K2O_KAFKA_BROKERS'] ?? '127.0.0.1:19092').split(',');
const postgresUrl = process.env['K2O_POSTGRES_URL'] ?? 'postgres://k2o@127.0.0.1:55432/k2o';
const quiet: Logger = { info: () => {}, warn: () => {}, error: () => {} };

/**
 * When a commit fails for good, the run must end with that error, and what is
 * in the table must be exactly the batches committed before it: the next run
 * adds the rest once.
 */
describe('a commit that fails for good', () => {
  const kafka = createKafka(brokers, 'k2o-test-commit-failure');
  const db = new pg.Client({ connectionString: postgresUrl });
  const topic = uniqueName('commitfail').replace(/-/g, '_');
  const table = `rows_${topic}`;
  const orders = generateOrders({ count: 3000, seed: 9 });

  beforeAll(async () => {
    await db.connect();
    await ensureTopic(kafka, topic, 1);
    await produceJson(
      kafka,
      topic,
      orders.map((o) => ({ value: o })),
    );
  });
  afterAll(async () => {
    await db.query(`DROP TABLE IF EXISTS ${table}`);
    await db.end();
  });

  const run = async (failOnWrite?: number) => {
    const [query] = compile(
      `SELECT order_id FROM KAFKA ${topic} INTO POSTGRES ${table} AVAILABLE NOW WITH (max_records_per_batch = 500);`,
    ).queries;
    const config = { kafkaBrokers: brokers, urls: { postgres: postgresUrl } };
    const real = await createSink(query!.physical, config);
    let writes = 0;
    // Wraps the real sink: the chosen write fails in a way no retry can fix.
    const sink: Sink = {
      open: () => real.open(),
      readOffsets: () => real.readOffsets(),
      readState: () => real.readState(),
      close: () => real.close(),
      writeBatch: (...args) => {
        writes++;
        if (writes === failOnWrite)
          return Promise.reject(Object.assign(new Error('injected: the database refused the batch'), { retriable: false }));
        return real.writeBatch(...args);
      },
    };
    const source = await createSource(query!.physical, config);
    return new QueryRunner(query!.physical, { source, sink, log: quiet }).run();
  };

  it('ends the run with the error; the table holds the batches before it; a rerun adds the rest once', async () => {
    await expect(run(3)).rejects.toThrow('injected: the database refused the batch');
    const count = async () =>
      (await db.query(`SELECT count(*) AS n, count(DISTINCT order_id) AS d FROM ${table}`)).rows[0] as { n: string; d: string };
    expect(Number((await count()).n)).toBe(1000);
    const metrics = await run();
    expect(metrics.recordsIn).toBe(2000);
    expect(await count()).toEqual({ n: '3000', d: '3000' });
  });
});
