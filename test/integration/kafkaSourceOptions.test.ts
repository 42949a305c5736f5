import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKafka, createProducer, withAdmin } from '../../src/connectors/kafka/kafkaClient.js';
import { produceJson } from '../../src/connectors/kafka/produceJson.js';
import { ensureTopic } from '../../src/connectors/kafka/topics.js';
import { Engine, type Logger, type Query } from '../../src/index.js';
import { uniqueName } from '../helpers/kafka.js';

const brokers = (process.env['K2O_KAFKA_BROKERS'] ?? '127.0.0.1:19092').split(',');
const pgUrl = process.env['K2O_POSTGRES_URL'] ?? 'postgres://k2o@127.0.0.1:55432/k2o';
const quiet: Logger = { info: () => {}, warn: () => {}, error: () => {} };

async function until(what: string, condition: () => Promise<boolean> | boolean, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const recordsIn = (q: Query) => q.progress()?.totals.numInputRows ?? 0;

/** Consumer settings given as CREATE STREAM options reach the real broker: seen in what is read and in the group. */
describe('Kafka consumer settings as stream options', () => {
  const kafka = createKafka(brokers, 'k2o-test-source-options');
  const db = new pg.Client({ connectionString: pgUrl });
  const engines: Engine[] = [];
  const tables: string[] = [];
  const engine = () => {
    const e = new Engine({ kafkaBrokers: brokers, urls: { postgres: pgUrl }, log: quiet });
    engines.push(e);
    return e;
  };
  const count = async (table: string) => Number((await db.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`)).rows[0]!.n);

  beforeAll(() => db.connect());
  afterAll(async () => {
    for (const e of engines) await e.stopAll();
    for (const t of tables) await db.query(`DROP TABLE IF EXISTS ${t}`);
    await db.end();
  });

  it("isolation_level = 'read_uncommitted' reads an aborted transaction's records; the default (read_committed) does not", async () => {
    const topic = uniqueName('iso').replace(/-/g, '_');
    await ensureTopic(kafka, topic, 1);
    await produceJson(
      kafka,
      topic,
      Array.from({ length: 5 }, (_, i) => ({ value: { id: `kept-${i}` } })),
    );
    const producer = createProducer(kafka, { transactionalId: `${topic}-tx`, idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    const tx = await producer.transaction();
    await tx.send({ topic, messages: [1, 2, 3].map((i) => ({ value: JSON.stringify({ id: `aborted-${i}` }) })) });
    await tx.abort();
    await producer.disconnect();
    await produceJson(kafka, topic, [{ value: { id: 'after' } }]);

    const [dirty, clean] = [`dirty_${topic}`, `clean_${topic}`];
    tables.push(dirty, clean);
    const e = engine();
    const [qd, qc] = e.start(
      `CREATE STREAM raw (id STRING) WITH (topic = '${topic}', isolation_level = 'read_uncommitted');\n` +
        `CREATE STREAM committed (id STRING) WITH (topic = '${topic}');\n` +
        `SELECT id FROM KAFKA raw INTO POSTGRES ${dirty};\nSELECT id FROM KAFKA committed INTO POSTGRES ${clean};`,
    );
    await until('both queries to read the record after the transaction', () => recordsIn(qd!) === 9 && recordsIn(qc!) === 6);
    await e.stopAll();
    expect(await count(dirty)).toBe(9);
    expect(await count(clean)).toBe(6);
    const ids = (await db.query<{ id: string }>(`SELECT id FROM ${clean} ORDER BY id`)).rows.map((r) => r.id);
    expect(ids).toEqual(['after', 'kept-0', 'kept-1', 'kept-2', 'kept-3', 'kept-4']);
  }, 120_000);

  it('client_id is what the group coordinator sees of the member; the session and fetch settings beside it are ones the broker accepts', async () => {
    const topic = uniqueName('cid').replace(/-/g, '_');
    await ensureTopic(kafka, topic, 1);
    await produceJson(kafka, topic, [{ value: { id: 'a' } }]);
    const table = `cid_${topic}`;
    tables.push(table);
    const groupId = `group_${topic}`;
    const e = engine();
    const [q] = e.start(
      `CREATE STREAM s (id STRING) WITH (topic = '${topic}', group_id = '${groupId}', client_id = 'billing-reader', ` +
        `session_timeout_ms = 12000, fetch_max_bytes = 65536, max_partition_fetch_bytes = 16384, fetch_min_bytes = 1, fetch_max_wait_ms = 50);\n` +
        `SELECT id FROM KAFKA s INTO POSTGRES ${table};`,
    );
    await until('the record', () => recordsIn(q!) === 1);
    const { groups } = await withAdmin(kafka, (admin) => admin.describeGroups([groupId]));
    await e.stopAll();
    expect(groups[0]!.members.map((m) => m.clientId)).toEqual(['billing-reader']);
    expect(await count(table)).toBe(1);
  }, 120_000);
});
