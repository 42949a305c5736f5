import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKafka } from '../../src/connectors/kafka/kafkaClient.js';
import { produceJson } from '../../src/connectors/kafka/produceJson.js';
import { ensureTopic } from '../../src/connectors/kafka/topics.js';
import { ksqlFile, runCli } from '../helpers/cli.js';
import { uniqueName } from '../helpers/kafka.js';
import { postgresBin, startTlsPostgres, type TlsPostgres } from '../helpers/tlsPostgres.js';

const brokers = (process.env['K2O_KAFKA_BROKERS'] ?? '127.0.0.1:19092').split(',');
const bin = postgresBin();

/**
 * The PostgreSQL URL's own TLS parameters (sslmode, sslrootcert), passed to
 * node-postgres as written, against a private server this file starts that
 * refuses connections without TLS.
 */
describe.skipIf(bin === undefined)('PostgreSQL over TLS (skipped without a PostgreSQL server install)', () => {
  let server: TlsPostgres;
  beforeAll(async () => {
    server = await startTlsPostgres(bin!);
  }, 90_000);
  afterAll(() => server?.stop(), 60_000);

  async function ordersTopic(count: number): Promise<string> {
    const topic = uniqueName('pg_tls').replace(/-/g, '_');
    const kafka = createKafka(brokers, 'k2o-test-pg-tls');
    await ensureTopic(kafka, topic, 1);
    await produceJson(
      kafka,
      topic,
      Array.from({ length: count }, (_, i) => ({ value: { order_id: i + 1 } })),
    );
    return topic;
  }

  it('sslmode=verify-full with sslrootcert: k2o run writes every row over a verified TLS connection', async () => {
    const topic = await ordersTopic(30);
    const url = `${server.url}?sslmode=verify-full&sslrootcert=${encodeURIComponent(server.caFile)}`;
    const file = ksqlFile(`SELECT order_id FROM KAFKA ${topic} INTO POSTGRES ${topic} AVAILABLE NOW;`);
    const run = await runCli(['run', file], { env: { K2O_POSTGRES_URL: url } });
    expect(run.code, run.stderr).toBe(0);
    const db = new pg.Client({ connectionString: url });
    await db.connect();
    try {
      expect((await db.query('SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()')).rows).toEqual([{ ssl: true }]);
      expect(Number((await db.query(`SELECT count(DISTINCT order_id) AS n FROM ${topic}`)).rows[0].n)).toBe(30);
    } finally {
      await db.end();
    }
  }, 90_000);

  it('without TLS the server refuses the connection, and a CA that did not sign its certificate fails the check: exit 4, not reached', async () => {
    const topic = await ordersTopic(1);
    const file = ksqlFile(`SELECT order_id FROM KAFKA ${topic} INTO POSTGRES ${topic} AVAILABLE NOW;`);
    const plain = await runCli(['run', file], { env: { K2O_POSTGRES_URL: server.url } });
    expect(plain.code, plain.stderr).toBe(4);
    expect(plain.stderr).toMatch(/cannot connect to PostgreSQL at postgres:\/\/k2o@127\.0\.0\.1:\d+\/postgres: .*no encryption/);
    const wrongCa = `${server.url}?sslmode=verify-full&sslrootcert=${encodeURIComponent(server.otherCaFile)}`;
    const unverified = await runCli(['run', file], { env: { K2O_POSTGRES_URL: wrongCa } });
    expect(unverified.code, unverified.stderr).toBe(4);
    expect(unverified.stderr).toMatch(/cannot connect to PostgreSQL at .*: unable to verify the first certificate/);
  }, 90_000);
});
