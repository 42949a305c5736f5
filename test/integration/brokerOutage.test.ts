import { createServer, connect, type Server, type Socket } from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKafka } from '../../src/connectors/kafka/kafkaClient.js';
import { produceJson } from '../../src/connectors/kafka/produceJson.js';
import { ensureTopic } from '../../src/connectors/kafka/topics.js';
import { Engine, type Logger, type QueryStatus } from '../../src/index.js';
import { uniqueName } from '../helpers/kafka.js';

const brokers = (process.env['K2O_KAFKA_BROKERS'] ?? '127.0.0.1:19092').split(',');
const pgUrl = process.env['K2O_POSTGRES_URL'] ?? 'postgres://k2o@127.0.0.1:55432/k2o';

/** A port nothing listens on yet, for the proxy to open later. */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** Forwards a port to the real broker: closed, the broker is unreachable through it; open, it answers. */
function brokerProxy(port: number, target: string): { open(): Promise<void>; close(): Promise<void> } {
  const [host, targetPort] = target.split(':') as [string, string];
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  return {
    open: () =>
      new Promise<void>((resolve) => {
        server = createServer((client) => {
          const upstream = connect(Number(targetPort), host);
          for (const s of [client, upstream]) {
            sockets.add(s);
            s.on('error', () => s.destroy());
            s.on('close', () => sockets.delete(s));
          }
          client.pipe(upstream).pipe(client);
        });
        server.listen(port, '127.0.0.1', resolve);
      }),
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    },
  };
}

/**
 * The broker is down when a query starts (k2o came up first, or an outage):
 * the query says RETRYING, with the error and the next attempt, instead of
 * failing or looking healthy, and reads everything once the broker answers.
 * The outage is a closed port in front of the real broker (its metadata then
 * sends the client straight to the broker itself).
 */
describe('a Kafka outage at the start of a query', () => {
  const db = new pg.Client({ connectionString: pgUrl });
  beforeAll(() => db.connect());
  afterAll(() => db.end());

  it('shows as RETRYING until the broker answers, then RUNNING and COMPLETED with every record', async () => {
    const topic = uniqueName('outage').replace(/-/g, '_');
    const table = uniqueName('outage_rows').replace(/-/g, '_');
    const kafka = createKafka(brokers, 'k2o-test-outage');
    await ensureTopic(kafka, topic, 1);
    await produceJson(
      kafka,
      topic,
      [1, 2, 3, 4, 5].map((id) => ({ value: { id } })),
    );
    const port = await freePort();
    const proxy = brokerProxy(port, brokers[0]!);
    const lines: string[] = [];
    const log: Logger = { info: (m) => void lines.push(m), warn: (m) => void lines.push(m), error: (m) => void lines.push(m) };
    const engine = new Engine({
      kafkaBrokers: [`127.0.0.1:${port}`],
      urls: { postgres: pgUrl },
      log,
      retry: { attempts: 10, firstDelayMs: 500, maxDelayMs: 1000 },
    });
    try {
      const [q] = engine.start(`SELECT id FROM KAFKA ${topic} INTO POSTGRES ${table} AVAILABLE NOW;`);
      const seen: QueryStatus[] = [q!.status()];
      q!.on('status', (s) => seen.push(s));
      const deadline = Date.now() + 60_000;
      while (q!.status().state !== 'RETRYING' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      const retrying = q!.status() as Extract<QueryStatus, { state: 'RETRYING' }>;
      expect(retrying.state, lines.join('\n')).toBe('RETRYING');
      expect(retrying.error.message).toContain(`Kafka is unreachable at 127.0.0.1:${port}`);
      expect(retrying.nextAttemptAt.getTime()).toBeGreaterThan(Date.now() - 1000);

      await proxy.open();
      expect(await q!.awaitTermination(60_000)).toBe(true);
      const states = seen.map((s) => s.state).filter((s, i, all) => s !== all[i - 1]);
      expect(states, lines.join('\n')).toEqual(['CREATED', 'RUNNING', 'RETRYING', 'RUNNING', 'COMPLETED']);
      const rows = await db.query(`SELECT id FROM ${table} ORDER BY id`);
      expect(rows.rows.map((r: { id: number }) => Number(r.id))).toEqual([1, 2, 3, 4, 5]);
    } finally {
      await engine.stopAll();
      await proxy.close();
    }
  }, 120_000);
});
