import { spawn } from 'node:child_process';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKafka } from '../../src/connectors/kafka/kafkaClient.js';
import { ensureTopic } from '../../src/connectors/kafka/topics.js';
import { CLI, ksqlFile } from '../helpers/cli.js';
import { produceIds, uniqueName } from '../helpers/kafka.js';
import { TcpProxy } from '../helpers/tcpProxy.js';

const brokers = (process.env['K2O_KAFKA_BROKERS'] ?? '127.0.0.1:19092').split(',');
const pgUrl = new URL(process.env['K2O_POSTGRES_URL'] ?? 'postgres://k2o@127.0.0.1:55432/k2o');
const OUTAGE_MS = 60_000;
const PER_CHUNK = 100;

/**
 * A database away for a minute while records keep arriving (issue 12, outages
 * of any length): k2o neither exits nor crashes; it keeps trying with backoff,
 * resumes when the database answers again, and the table holds every record
 * once. The database is the shared PostgreSQL behind a proxy that the test
 * cuts, closing k2o's connections in use and refusing new ones.
 */
describe('a one-minute database outage', () => {
  const kafka = createKafka(brokers, 'k2o-test-long-outage');
  const db = new pg.Client({ connectionString: pgUrl.toString() });
  let proxy: TcpProxy;

  beforeAll(async () => {
    await db.connect();
    proxy = await TcpProxy.start({ host: pgUrl.hostname, port: Number(pgUrl.port) });
  });
  afterAll(async () => {
    await proxy.stop();
    await db.end();
  });

  it('is waited out: no exit, then every record once; SIGTERM after it exits 0', { timeout: OUTAGE_MS + 90_000 }, async () => {
    const topic = uniqueName('long_outage').replace(/-/g, '_');
    const table = `t_${topic}`;
    await ensureTopic(kafka, topic, 2);
    const viaProxy = new URL(pgUrl);
    viaProxy.port = String(proxy.port);
    const file = ksqlFile(`SELECT id FROM KAFKA ${topic} INTO POSTGRES ${table} WITH (max_records_per_batch = 50);`);
    const child = spawn(process.execPath, [CLI, 'run', file], {
      env: { ...process.env, K2O_KAFKA_BROKERS: brokers.join(','), K2O_POSTGRES_URL: viaProxy.toString() },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    let exitedEarly: number | null | undefined;
    void exited.then((code) => (exitedEarly ??= code));

    let produced = 0;
    const produce = async () => {
      await produceIds(kafka, topic, produced, PER_CHUNK, 2);
      produced += PER_CHUNK;
    };
    const rows = async () => Number((await db.query(`SELECT count(*) AS n FROM ${table}`).catch(() => ({ rows: [{ n: -1 }] }))).rows[0].n);
    const until = async (what: string, holds: () => Promise<boolean>, ms: number) => {
      const deadline = Date.now() + ms;
      while (!(await holds())) {
        if (Date.now() > deadline) throw new Error(`${what}: not within ${ms} ms\n${stderr}`);
        await new Promise((r) => setTimeout(r, 200));
      }
    };

    await produce();
    await until('the first rows', async () => (await rows()) === PER_CHUNK, 30_000);

    await proxy.cut();
    const cutAt = Date.now();
    // Records keep arriving through the outage.
    while (Date.now() - cutAt < OUTAGE_MS) {
      await produce();
      await new Promise((r) => setTimeout(r, 5_000));
    }
    expect(exitedEarly, stderr).toBeUndefined();
    expect(stderr).toMatch(/failed \(attempt \d+, failing for \d+ s\)/);
    expect(await rows()).toBe(PER_CHUNK);
    await proxy.restore();

    // Backoff is capped at 30 s, so the next attempt comes within that.
    await until('every record after the outage', async () => (await rows()) === produced, 45_000);
    const distinct = Number((await db.query(`SELECT count(DISTINCT id) AS n FROM ${table}`)).rows[0].n);
    expect(distinct).toBe(produced);
    expect(exitedEarly, stderr).toBeUndefined();

    child.kill('SIGTERM');
    expect(await exited, stderr).toBe(0);
    expect(stderr).not.toContain('query failed');
  });
});
