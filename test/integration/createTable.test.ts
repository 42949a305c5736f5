import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKafka } from '../../src/connectors/kafka/kafkaClient.js';
import { produceJson } from '../../src/connectors/kafka/produceJson.js';
import { ensureTopic } from '../../src/connectors/kafka/topics.js';
import { ksqlFile, runCli } from '../helpers/cli.js';
import { uniqueName } from '../helpers/kafka.js';

const brokers = (process.env['K2O_KAFKA_BROKERS'] ?? '127.0.0.1:19092').split(',');
const pgUrl = process.env['K2O_POSTGRES_URL'] ?? 'postgres://k2o@127.0.0.1:55432/k2o';

/** `k2o run` carries out a file's CREATE TABLE statements before its queries, against the real PostgreSQL and Kafka. */
describe('k2o run: CREATE TABLE', () => {
  const kafka = createKafka(brokers, 'k2o-test-create-table');
  const db = new pg.Client({ connectionString: pgUrl });
  const topic = uniqueName('tables').replace(/-/g, '_');
  const table = `payments_${topic}`;
  const env = { K2O_KAFKA_BROKERS: brokers.join(','), K2O_POSTGRES_URL: pgUrl };

  beforeAll(async () => {
    await db.connect();
    await ensureTopic(kafka, topic, 1);
    await produceJson(kafka, topic, [
      { value: { id: 'p1', amount: '12.50', paid_at: '2024-01-01T10:00:00Z' } },
      { value: { id: 'p2', amount: '3', paid_at: '2024-01-01T10:00:01Z' } },
    ]);
  });
  afterAll(async () => {
    await db.query(`DROP TABLE IF EXISTS ${table}`);
    await db.end();
  });

  const file = (idType: string) =>
    ksqlFile(
      [
        `CREATE TABLE ${table} (`,
        `  id ${idType} NOT NULL, amount numeric(10,2), paid_at timestamptz NOT NULL, PRIMARY KEY (id)`,
        ') IN POSTGRES;',
        // Declared NOT NULL, as the table's columns are: the sink refuses to write a nullable column into a NOT NULL one.
        `CREATE STREAM pay (id STRING NOT NULL, amount DECIMAL(10,2), paid_at TIMESTAMP NOT NULL) WITH (topic = '${topic}');`,
        `SELECT id, amount, paid_at FROM KAFKA pay INTO POSTGRES ${table} AVAILABLE NOW;`,
      ].join('\n'),
    );

  it('creates the table in the declared types, then the query writes into it', async () => {
    const run = await runCli(['run', file('varchar(36)')], { env });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain(`tables ready: ${table}`);
    const columns = await db.query<{ name: string; type: string; nullable: boolean }>(
      `SELECT attname AS name, format_type(atttypid, atttypmod) AS type, NOT attnotnull AS nullable
       FROM pg_attribute WHERE attrelid = to_regclass($1) AND attnum > 0 AND NOT attisdropped ORDER BY attnum`,
      [table],
    );
    expect(columns.rows).toEqual([
      { name: 'id', type: 'character varying(36)', nullable: false },
      { name: 'amount', type: 'numeric(10,2)', nullable: true },
      { name: 'paid_at', type: 'timestamp with time zone', nullable: false },
    ]);
    const rows = await db.query(`SELECT id, amount::text AS amount FROM ${table} ORDER BY id`);
    expect(rows.rows).toEqual([
      { id: 'p1', amount: '12.50' },
      { id: 'p2', amount: '3.00' },
    ]);
  });

  it('a table that exists and differs is refused at its CREATE TABLE, naming the column, both types and the ALTER; nothing runs', async () => {
    await db.query(`CREATE TABLE IF NOT EXISTS ${table} (id varchar(36) PRIMARY KEY, amount numeric(10,2), paid_at timestamptz NOT NULL)`);
    const path = file('varchar(64)');
    const run = await runCli(['run', path], { env });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      `${path}:1:1: error K4024: Table '${table}' exists in PostgreSQL but does not match its CREATE TABLE: ` +
        'column "id" is character varying(36) there, declared VARCHAR(64).',
    );
    expect(run.stderr).toContain(`ALTER TABLE "${table}" ALTER COLUMN "id" TYPE VARCHAR(64);`);
    expect(run.stderr).toContain('nothing was run: a table of');
    expect(run.stderr).not.toMatch(/query \S+ failed/);
  });
});
