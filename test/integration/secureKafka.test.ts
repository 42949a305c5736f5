import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KafkaSecurity, SaslMechanism } from '../../src/config/kafkaSecurity.js';
import { createKafka, withAdmin } from '../../src/connectors/kafka/kafkaClient.js';
import { produceJson } from '../../src/connectors/kafka/produceJson.js';
import { ensureTopic } from '../../src/connectors/kafka/topics.js';
import { ksqlFile, runCli } from '../helpers/cli.js';
import { uniqueName } from '../helpers/kafka.js';
import { KAFKA_LIBS, KAFKA_USER, startSecureKafka, type SecureKafka } from '../helpers/secureKafka.js';

const pgUrl = process.env['K2O_POSTGRES_URL'] ?? 'postgres://k2o@127.0.0.1:55432/k2o';
const quiet = { info: () => {}, warn: () => {}, error: () => {} };

/**
 * k2o against a broker that only speaks SASL_PLAINTEXT and SSL: a private
 * broker this file starts on free ports (the shared one is never touched),
 * with SCRAM users added at format time and a certificate from a CA made here.
 */
describe.skipIf(!existsSync(KAFKA_LIBS))(
  'a secured Kafka (skipped without the broker jars: scripts/services/kafka.sh start fetches them)',
  () => {
    let kafka: SecureKafka;
    const db = new pg.Client({ connectionString: pgUrl });
    const tables: string[] = [];
    beforeAll(async () => {
      kafka = await startSecureKafka();
      await db.connect();
    }, 120_000);
    afterAll(async () => {
      for (const t of tables) await db.query(`DROP TABLE IF EXISTS ${t}`);
      await db.end();
      await kafka?.stop();
    }, 60_000);

    const scram = (): KafkaSecurity => ({ sasl: { mechanism: 'SCRAM-SHA-256', username: KAFKA_USER, password: kafka.password } });

    /** A topic of `count` orders on the secured broker, and the table a query of it writes. */
    async function ordersTopic(count: number): Promise<{ topic: string; table: string }> {
      const topic = uniqueName('secure').replace(/-/g, '_');
      const client = createKafka([kafka.saslBroker], 'k2o-test-secure', quiet, scram());
      await ensureTopic(client, topic, 1);
      await produceJson(
        client,
        topic,
        Array.from({ length: count }, (_, i) => ({ value: { order_id: i + 1, amount: 10 * (i + 1) } })),
      );
      const table = `rows_${topic}`;
      tables.push(table);
      return { topic, table };
    }

    async function rowsOf(table: string): Promise<{ n: number; sum: number }> {
      const r = (await db.query(`SELECT count(*) AS n, sum(amount::numeric) AS sum FROM ${table}`)).rows[0];
      return { n: Number(r.n), sum: Number(r.sum) };
    }

    it('k2o run reads through SASL SCRAM-SHA-256 with the credentials from the environment, and never prints the password', async () => {
      const { topic, table } = await ordersTopic(50);
      const file = ksqlFile(`SELECT order_id, amount FROM KAFKA ${topic} INTO POSTGRES ${table} AVAILABLE NOW;`);
      const run = await runCli(['run', file], {
        env: {
          K2O_KAFKA_BROKERS: kafka.saslBroker,
          K2O_KAFKA_SASL_MECHANISM: 'SCRAM-SHA-256',
          K2O_KAFKA_SASL_USERNAME: KAFKA_USER,
          K2O_KAFKA_SASL_PASSWORD: kafka.password,
        },
      });
      expect(run.code, run.stderr).toBe(0);
      expect(run.stderr).toContain(`connecting to Kafka at ${kafka.saslBroker} (SASL_PLAINTEXT SCRAM-SHA-256 as ${KAFKA_USER})`);
      expect(run.stderr + run.stdout).not.toContain(kafka.password);
      expect(await rowsOf(table)).toEqual({ n: 50, sum: 12_750 });
    }, 90_000);

    it('a wrong password fails the run at once, exit 4, with one line naming the broker and the refusal, not the password', async () => {
      const { topic, table } = await ordersTopic(1);
      const wrong = 'not-the-password-4711';
      const file = ksqlFile(`SELECT order_id, amount FROM KAFKA ${topic} INTO POSTGRES ${table} AVAILABLE NOW;`);
      const run = await runCli(['run', file], {
        env: {
          K2O_KAFKA_BROKERS: kafka.saslBroker,
          K2O_KAFKA_SASL_MECHANISM: 'SCRAM-SHA-256',
          K2O_KAFKA_SASL_USERNAME: KAFKA_USER,
          K2O_KAFKA_SASL_PASSWORD: wrong,
        },
        timeoutMs: 60_000,
      });
      expect(run.code, run.stderr).toBe(4);
      const failed = run.stderr.split('\n').filter((l) => / query \S+ failed: /.test(l));
      expect(failed).toHaveLength(1);
      expect(failed[0]).toMatch(
        new RegExp(
          `failed: Kafka at ${kafka.saslBroker} refused the credentials: SASL SCRAM SHA256 authentication failed: .*invalid credentials`,
        ),
      );
      expect(run.stderr + run.stdout).not.toContain(wrong);
      expect(run.stderr + run.stdout).not.toContain(kafka.password);
    }, 90_000);

    it('k2o run reads through TLS, the broker checked against the CA named in k2o.config.json', async () => {
      const { topic, table } = await ordersTopic(20);
      const dir = mkdtempSync(join(tmpdir(), 'k2o-secure-config-'));
      const config = join(dir, 'k2o.config.json');
      writeFileSync(config, JSON.stringify({ kafka: { brokers: [kafka.sslBroker], ssl: { ca: kafka.caFile } } }));
      const file = ksqlFile(`SELECT order_id, amount FROM KAFKA ${topic} INTO POSTGRES ${table} AVAILABLE NOW;`);
      const run = await runCli(['run', '--config', config, file], { env: { K2O_KAFKA_BROKERS: kafka.sslBroker } });
      expect(run.code, run.stderr).toBe(0);
      expect(run.stderr).toContain(`connecting to Kafka at ${kafka.sslBroker} (SSL)`);
      expect(await rowsOf(table)).toEqual({ n: 20, sum: 2_100 });
    }, 90_000);

    describe('reading with @platformatic/kafka (K2O_KAFKA_CLIENT=platformatic)', () => {
      const client = { K2O_KAFKA_CLIENT: 'platformatic' };

      it('k2o run reads through SASL SCRAM-SHA-256, and never prints the password', async () => {
        const { topic, table } = await ordersTopic(50);
        const file = ksqlFile(`SELECT order_id, amount FROM KAFKA ${topic} INTO POSTGRES ${table} AVAILABLE NOW;`);
        const run = await runCli(['run', file], {
          env: {
            ...client,
            K2O_KAFKA_BROKERS: kafka.saslBroker,
            K2O_KAFKA_SASL_MECHANISM: 'SCRAM-SHA-256',
            K2O_KAFKA_SASL_USERNAME: KAFKA_USER,
            K2O_KAFKA_SASL_PASSWORD: kafka.password,
          },
        });
        expect(run.code, run.stderr).toBe(0);
        expect(run.stderr + run.stdout).not.toContain(kafka.password);
        expect(await rowsOf(table)).toEqual({ n: 50, sum: 12_750 });
      }, 90_000);

      it('a wrong password fails the run at once, exit 4, with one line naming the broker and the refusal, not the password', async () => {
        const { topic, table } = await ordersTopic(1);
        const wrong = 'not-the-password-4711';
        const file = ksqlFile(`SELECT order_id, amount FROM KAFKA ${topic} INTO POSTGRES ${table} AVAILABLE NOW;`);
        const run = await runCli(['run', file], {
          env: {
            ...client,
            K2O_KAFKA_BROKERS: kafka.saslBroker,
            K2O_KAFKA_SASL_MECHANISM: 'SCRAM-SHA-256',
            K2O_KAFKA_SASL_USERNAME: KAFKA_USER,
            K2O_KAFKA_SASL_PASSWORD: wrong,
          },
          timeoutMs: 60_000,
        });
        expect(run.code, run.stderr).toBe(4);
        const failed = run.stderr.split('\n').filter((l) => / query \S+ failed: /.test(l));
        expect(failed).toHaveLength(1);
        expect(failed[0]).toContain(`failed: Kafka at ${kafka.saslBroker} refused the credentials: `);
        expect(run.stderr + run.stdout).not.toContain(wrong);
        expect(run.stderr + run.stdout).not.toContain(kafka.password);
      }, 90_000);

      it('k2o run reads through TLS, the broker checked against the CA named in k2o.config.json', async () => {
        const { topic, table } = await ordersTopic(20);
        const dir = mkdtempSync(join(tmpdir(), 'k2o-secure-config-'));
        const config = join(dir, 'k2o.config.json');
        writeFileSync(config, JSON.stringify({ kafka: { brokers: [kafka.sslBroker], ssl: { ca: kafka.caFile }, client: 'platformatic' } }));
        const file = ksqlFile(`SELECT order_id, amount FROM KAFKA ${topic} INTO POSTGRES ${table} AVAILABLE NOW;`);
        const run = await runCli(['run', '--config', config, file], { env: { K2O_KAFKA_BROKERS: kafka.sslBroker } });
        expect(run.code, run.stderr).toBe(0);
        expect(await rowsOf(table)).toEqual({ n: 20, sum: 2_100 });
      }, 90_000);
    });

    it('TLS without the CA refuses the self-signed broker', async () => {
      const client = createKafka([kafka.sslBroker], 'k2o-test-secure-noca', quiet, { tls: {} });
      const admin = client.admin({ retry: { retries: 0 } });
      await expect(admin.connect()).rejects.toThrow(/self-signed certificate|unable to verify|certificate/i);
      await admin.disconnect();
    }, 30_000);

    it.each<SaslMechanism>(['PLAIN', 'SCRAM-SHA-512'])(
      'SASL %s authenticates, and refuses a wrong password',
      async (mechanism) => {
        const connect = (password: string) =>
          withAdmin(
            createKafka([kafka.saslBroker], 'k2o-test-secure-sasl', quiet, { sasl: { mechanism, username: KAFKA_USER, password } }),
            (a) => a.describeCluster(),
          );
        expect((await connect(kafka.password)).brokers).toHaveLength(1);
        await expect(connect('wrong')).rejects.toThrow(/authentication failed/i);
      },
      60_000,
    );
  },
);
