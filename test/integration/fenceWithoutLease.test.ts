import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compile } from '../../src/compile.js';
import { createSink, createSource } from '../../src/connectors/createConnectors.js';
import { createKafka } from '../../src/connectors/kafka/kafkaClient.js';
import { ensureTopic } from '../../src/connectors/kafka/topics.js';
import type { Logger } from '../../src/runtime/Logger.js';
import type { Sink } from '../../src/runtime/ports/Sink.js';
import { QueryRunner } from '../../src/runtime/QueryRunner.js';
import { produceIds, uniqueName } from '../helpers/kafka.js';

const brokers = (process.env['K2O_KAFKA_BROKERS'] ?? '127.0.0.1:19092').split(',');
const pgUrl = process.env['K2O_POSTGRES_URL'] ?? 'postgres://k2o@127.0.0.1:55432/k2o';
const PARTITIONS = 3;
const TOTAL = 6_000;
const CHUNK = 200;

/** The real PostgreSQL sink as a database without a lease sees it (Oracle today): holdLease is gone. */
function withoutLease(sink: Sink): Sink {
  return {
    open: () => sink.open(),
    readOffsets: () => sink.readOffsets(),
    readState: () => sink.readState(),
    writeBatch: (...args) => sink.writeBatch(...args),
    close: () => sink.close(),
  };
}

function recording(lines: string[]): Logger {
  return { info: (m) => lines.push(m), warn: (m) => lines.push(m), error: (m) => lines.push(m) };
}

/**
 * Two processes of one query both running, as they do where the database offers
 * no lease to stand by on: every batch that does not start at the stored
 * offsets loses the fence, writes nothing, and its runner goes on from what the
 * other committed. The table ends with every record once.
 */
describe('two active runners of one query, without a lease', () => {
  const kafka = createKafka(brokers, 'k2o-test-fence-without-lease');
  const db = new pg.Client({ connectionString: pgUrl });

  beforeAll(() => db.connect());
  afterAll(() => db.end());

  it('every record once; the runner that lost the fence re-read the committed offsets', { timeout: 120_000 }, async () => {
    const topic = uniqueName('fence_no_lease').replace(/-/g, '_');
    const table = `t_${topic}`;
    await ensureTopic(kafka, topic, PARTITIONS);
    const [q] = compile(
      `SELECT id, _partition, _offset FROM KAFKA ${topic} INTO POSTGRES ${table} WITH (max_records_per_batch = 100);`,
    ).queries;
    const config = { kafkaBrokers: brokers, urls: { postgres: pgUrl } };
    const start = async (lines: string[]) => {
      const stop = new AbortController();
      const sink = withoutLease(await createSink(q!.physical, config));
      const source = await createSource(q!.physical, config);
      const run = new QueryRunner(q!.physical, { source, sink, log: recording(lines), signal: stop.signal }).run();
      return { stop, run };
    };
    let produced = 0;
    const produceChunk = async () => {
      await produceIds(kafka, topic, produced, CHUNK, PARTITIONS);
      produced += CHUNK;
    };
    const count = async (sql: string) => Number((await db.query(sql)).rows[0].n);
    const rows = () => count(`SELECT count(*) AS n FROM ${table}`).catch(() => 0);

    const aLines: string[] = [];
    const bLines: string[] = [];
    const a = await start(aLines);
    await produceChunk();
    while ((await rows()) < CHUNK) await new Promise((r) => setTimeout(r, 100));
    const b = await start(bLines);
    try {
      while (produced < TOTAL) {
        await produceChunk();
        await new Promise((r) => setTimeout(r, 100));
      }
      a.stop.abort();
      await a.run;
      const deadline = Date.now() + 60_000;
      while ((await rows()) < TOTAL && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
      expect(await rows(), bLines.join('\n')).toBe(TOTAL);
      expect(await count(`SELECT count(DISTINCT id) AS n FROM ${table}`)).toBe(TOTAL);
      expect(await count(`SELECT count(DISTINCT (_partition, _offset)) AS n FROM ${table}`)).toBe(TOTAL);
      // Both ran as active ones: at least one batch lost the fence and was not written.
      expect([...aLines, ...bLines].some((l) => l.includes('nothing of the batch was written'))).toBe(true);
    } finally {
      a.stop.abort();
      b.stop.abort();
      await Promise.allSettled([a.run, b.run]);
      await db.query(`DROP TABLE IF EXISTS ${table}`);
    }
  });
});
