import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKafka } from '../../src/connectors/kafka/kafkaClient.js';
import { produceJson } from '../../src/connectors/kafka/produceJson.js';
import { ensureTopic } from '../../src/connectors/kafka/topics.js';
import { seededRandom } from '../../tools/data/orders.js';
import { ksqlFile, runCli } from '../helpers/cli.js';
import { uniqueName } from '../helpers/kafka.js';

const brokers = (process.env['K2O_KAFKA_BROKERS'] ?? '127.0.0.1:19092').split(',');
const pgUrl = process.env['K2O_POSTGRES_URL'] ?? 'postgres://k2o@127.0.0.1:55432/k2o';
const PARTITIONS = 3;
const COUNT = 3000;

/** A DECIMAL(38,10) value as JSON number text: up to 24 integer digits, 10 fraction digits, either sign. */
function decimalText(random: () => number): string {
  const digits = (n: number) => Array.from({ length: n }, () => Math.floor(random() * 10)).join('');
  const integer = digits(1 + Math.floor(random() * 24)).replace(/^0+(?=\d)/, '');
  return `${random() < 0.3 ? '-' : ''}${integer}.${digits(10)}`;
}

/** The exact sum of DECIMAL(38,10) texts, in BigInt, as PostgreSQL prints NUMERIC(38,10). */
function exactSum(texts: readonly string[]): string {
  const total = texts.reduce((s, t) => s + BigInt(t.replace('.', '')), 0n);
  const digits = (total < 0n ? -total : total).toString().padStart(11, '0');
  return `${total < 0n ? '-' : ''}${digits.slice(0, -10)}.${digits.slice(-10)}`;
}

/**
 * Exact decimals end to end: JSON number text with more digits than a double
 * holds, in a real broker, through `k2o run` into a real PostgreSQL. The
 * DECIMAL(38,10) sum must equal the BigInt sum of the texts, digit for digit; a
 * sum of doubles is off from the 16th digit. round() at ties rounds half away
 * from zero, on the decimal value and on a double's shortest representation.
 */
describe('k2o run: exact DECIMAL sums and round() at ties, Kafka into PostgreSQL', () => {
  const kafka = createKafka(brokers, 'k2o-test-decimals');
  const db = new pg.Client({ connectionString: pgUrl });
  const topic = uniqueName('decimals').replace(/-/g, '_');
  const sums = `sums_${topic}`;
  const rounded = `rounded_${topic}`;
  const random = seededRandom(38);
  const amounts = Array.from({ length: COUNT }, () => decimalText(random));
  const ties: { id: number; price: string; x: number }[] = [
    { id: 1, price: '2.345', x: 1.005 },
    { id: 2, price: '-2.345', x: 0.125 },
    { id: 3, price: '0.125', x: -2.5 },
    { id: 4, price: '1.005', x: 2732.5 * 0.19 },
    { id: 5, price: '-0.005', x: 2.675 },
  ];

  beforeAll(async () => {
    await db.connect();
    await ensureTopic(kafka, topic, PARTITIONS);
    // Raw text: JSON.stringify of a JavaScript number would already have lost the digits.
    await produceJson(kafka, topic, [
      ...amounts.map((a, i) => ({ value: Buffer.from(`{"id": ${100 + i}, "amount": ${a}}`), partition: i % PARTITIONS })),
      ...ties.map((t) => ({
        value: Buffer.from(`{"id": ${t.id}, "price": ${t.price}, "x": ${JSON.stringify(t.x)}}`),
        partition: t.id % PARTITIONS,
      })),
    ]);
  });

  afterAll(async () => {
    for (const table of [sums, rounded]) await db.query(`DROP TABLE IF EXISTS ${table}`).catch(() => {});
    await db.end();
  });

  it('writes the exact DECIMAL(38,10) sum and the rounded ties', async () => {
    const file = ksqlFile(`
      CREATE STREAM ${topic} (id INT NOT NULL, amount DECIMAL(38, 10), price DECIMAL(10, 3), x DOUBLE) WITH (topic = '${topic}');
      SELECT sum(amount) AS total, count(amount) AS n, min(amount) AS lo, max(amount) AS hi FROM KAFKA ${topic} INTO POSTGRES ${sums} MODE COMPLETE AVAILABLE NOW;
      SELECT id, round(price, 2) AS price_2, round(price) AS price_0, round(x, 2) AS x_2, round(x) AS x_0, price AS price_raw FROM KAFKA ${topic} WHERE id < 100 INTO POSTGRES ${rounded} AVAILABLE NOW;
    `);
    const run = await runCli(['run', file]);
    expect(run.code, run.stderr).toBe(0);

    const total = await db.query<{ total: string; n: string; lo: string; hi: string; type: string }>(
      `SELECT total::text AS total, n::text AS n, lo::text AS lo, hi::text AS hi, format_type(atttypid, atttypmod) AS type
       FROM ${sums}, pg_attribute WHERE attrelid = '${sums}'::regclass AND attname = 'total'`,
    );
    const sorted = [...amounts].sort((a, b) => (BigInt(a.replace('.', '')) < BigInt(b.replace('.', '')) ? -1 : 1));
    expect(total.rows).toEqual([
      {
        total: exactSum(amounts),
        n: String(COUNT),
        lo: exactSum([sorted[0]!]),
        hi: exactSum([sorted[COUNT - 1]!]),
        type: 'numeric(38,10)',
      },
    ]);
    const doubles = amounts.reduce((s, a) => s + Number(a), 0);
    expect(Number(total.rows[0]!.total)).toBeCloseTo(doubles, -12);

    const rows = await db.query(
      `SELECT id, price_2::text AS price_2, price_0::text AS price_0, x_2, x_0, price_raw::text AS price_raw FROM ${rounded} ORDER BY id`,
    );
    expect(rows.rows).toEqual([
      { id: 1, price_2: '2.35', price_0: '2', x_2: 1.01, x_0: 1, price_raw: '2.345' },
      { id: 2, price_2: '-2.35', price_0: '-2', x_2: 0.13, x_0: 0, price_raw: '-2.345' },
      { id: 3, price_2: '0.13', price_0: '0', x_2: -2.5, x_0: -3, price_raw: '0.125' },
      { id: 4, price_2: '1.01', price_0: '1', x_2: 519.18, x_0: 519, price_raw: '1.005' },
      { id: 5, price_2: '-0.01', price_0: '0', x_2: 2.68, x_0: 3, price_raw: '-0.005' },
    ]);
    // PostgreSQL's own ROUND of the same NUMERIC values agrees.
    const theirs = await db.query(`SELECT id, round(price_raw, 2)::text AS price_2 FROM ${rounded} ORDER BY id`);
    expect(theirs.rows.map((r) => r.price_2)).toEqual(rows.rows.map((r) => r.price_2));
  });
});
