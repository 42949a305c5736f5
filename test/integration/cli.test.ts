import { readFileSync } from 'node:fs';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { createKafka } from '../../src/connectors/kafka/kafkaClient.js';
import { produceJson } from '../../src/connectors/kafka/produceJson.js';
import { ensureTopic } from '../../src/connectors/kafka/topics.js';
import { generateOrders } from '../../tools/data/orders.js';
import { ksqlFile, runCli } from '../helpers/cli.js';
import { uniqueName } from '../helpers/kafka.js';

const SPINE = "SELECT window(ts, '5 minutes'), sum(amount) FROM KAFKA orders WHERE amount > 1000 INTO POSTGRES order_metrics;";

describe('k2o check / explain', () => {
  it('check: a misspelt keyword gives file:line:col, the line, a caret and a hint, and exit 1', async () => {
    const file = ksqlFile(
      `-- metrics\nSELECT window(ts, '5 minutes'), sum(amount)\nFORM KAFKA orders\nINTO POSTGRES order_metrics;\n`,
      'typo.ksql',
    );
    const run = await runCli(['check', file]);
    expect(run.code).toBe(1);
    const lines = run.stderr.split('\n');
    expect(lines[0]).toBe(`${file}:3:1: error K1002: Unexpected 'FORM': expected FROM.`);
    expect(lines[1]).toBe('3 | FORM KAFKA orders');
    expect(lines[2]).toBe('    ^~~~');
    expect(lines[3]).toBe('hint: Did you mean FROM?');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('--version prints the version of package.json, from the built CLI', async () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    const run = await runCli(['--version']);
    expect({ code: run.code, stdout: run.stdout, stderr: run.stderr }).toEqual({ code: 0, stdout: `k2o ${pkg.version}\n`, stderr: '' });
  });

  it('check: a valid file says ok and exits 0', async () => {
    const run = await runCli(['check', ksqlFile(SPINE)]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/ok \(1 query, 0 streams\)/);
  });

  it('explain: prints the logical and the physical plan of the spine query', async () => {
    const run = await runCli(['explain', ksqlFile(SPINE)]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('== Logical plan ==\n01)Sink: postgres order_metrics mode=append');
    expect(run.stdout).toContain('Aggregate: window=tumbling(ts, 5 minutes) groupBy=[] aggr=[sum(amount) AS sum_amount]');
    expect(run.stdout).toContain('== Physical plan ==\n01)PostgresSinkExec: order_metrics');
    expect(run.stdout).toMatch(
      /TumblingWindowAggregateExec.*\n.*FilterExec: amount > 1000\n.*WatermarkExec: ts - 30 seconds\n.*KafkaSourceExec: topic=orders/,
    );
  });

  it('bad command lines and unreadable files exit 2 with a usage or a reason', async () => {
    expect((await runCli(['frobnicate', 'x.ksql'])).code).toBe(2);
    const missing = await runCli(['check', '/nonexistent/q.ksql']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('cannot read /nonexistent/q.ksql: ENOENT');
  });
});

describe('k2o run: signals and secrets', () => {
  it('SIGTERM lets the batch in flight commit, then exits 0; a restart adds exactly the rest', async () => {
    const kafka = createKafka((process.env['K2O_KAFKA_BROKERS'] ?? '127.0.0.1:19092').split(','), 'k2o-test-cli');
    const topic = uniqueName('cli').replace(/-/g, '_');
    await ensureTopic(kafka, topic, 2);
    const orders = generateOrders({ count: 2000, seed: 3 });
    await produceJson(
      kafka,
      topic,
      orders.map((o) => ({ value: o })),
    );
    const table = `rows_${topic}`;
    const file = ksqlFile(`SELECT order_id, amount FROM KAFKA ${topic} INTO POSTGRES ${table} WITH (max_records_per_batch = 500);`);

    let signalled = false;
    const run = await runCli(['run', file], {
      onStderr: (text, child) => {
        if (!signalled && text.includes('started')) {
          signalled = true;
          setTimeout(() => child.kill('SIGTERM'), 300);
        }
      },
    });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('SIGTERM: finishing the batch in flight');

    const db = new pg.Client({ connectionString: process.env['K2O_POSTGRES_URL'] ?? 'postgres://k2o@127.0.0.1:55432/k2o' });
    await db.connect();
    try {
      // The stopped run committed some batches; the restart adds exactly the rest.
      const committed = Number((await db.query(`SELECT count(*) AS n FROM ${table}`)).rows[0].n);
      expect(committed).toBeLessThanOrEqual(2000);
      const again = ksqlFile(`SELECT order_id, amount FROM KAFKA ${topic} INTO POSTGRES ${table} AVAILABLE NOW;`);
      expect((await runCli(['run', again])).code).toBe(0);
      const r = (await db.query(`SELECT count(*) AS n, count(DISTINCT order_id) AS d FROM ${table}`)).rows[0];
      expect(Number(r.n)).toBe(2000);
      expect(Number(r.d)).toBe(2000);
    } finally {
      await db.query(`DROP TABLE IF EXISTS ${table}`);
      await db.end();
    }
  });

  it('never prints the password of a connection URL', async () => {
    const secret = 'hunter2-very-secret';
    const file = ksqlFile('SELECT order_id FROM KAFKA nowhere INTO POSTGRES t1 ONCE;');
    const run = await runCli(['run', file], { env: { K2O_POSTGRES_URL: `postgres://k2o:${secret}@127.0.0.1:1/k2o` } });
    // Unreachable when the query starts: exit 4, one line naming the database and where.
    expect(run.code, run.stderr).toBe(4);
    expect(run.stderr).toMatch(/query t1 failed: cannot connect to PostgreSQL at postgres:\/\/k2o:\*\*\*@127\.0\.0\.1:1\/k2o: /);
    expect(run.stderr).toContain('k2o:***@127.0.0.1:1');
    expect(run.stderr + run.stdout).not.toContain(secret);
  });
});

describe('k2o run: features the runtime cannot run yet', () => {
  it('refuses DEAD LETTERS INTO KAFKA beside INTO POSTGRES before connecting: exit 1, K4014 at its line:col, "nothing was run"', async () => {
    const text =
      '-- enriched orders, dead letters to Kafka\nSELECT amount * 1.2 AS gross\nFROM KAFKA orders INTO POSTGRES enriched_orders\nDEAD LETTERS INTO KAFKA dlq;\n';
    const file = ksqlFile(text, 'to_kafka.ksql');
    // Addresses where nothing listens: a run that tried to connect would fail
    // differently (exit 3) or hang, not refuse the file.
    const run = await runCli(['run', file], {
      env: { K2O_KAFKA_BROKERS: '127.0.0.1:1', K2O_POSTGRES_URL: 'postgres://k2o@127.0.0.1:1/k2o' },
      timeoutMs: 20_000,
    });
    expect(run.code, run.stderr).toBe(1);
    const lines = run.stderr.split('\n');
    expect(lines[0]).toMatch(
      new RegExp(
        `^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:4:1: error K4014: DEAD LETTERS INTO KAFKA with INTO POSTGRES cannot run yet: `,
      ),
    );
    expect(lines[1]).toBe('4 | DEAD LETTERS INTO KAFKA dlq;');
    expect(lines[2]).toBe(`    ^${'~'.repeat('DEAD LETTERS INTO KAFKA dlq'.length - 1)}`);
    expect(run.stderr).toContain(`nothing was run: 1 feature of ${file} cannot run yet`);
    expect(run.stderr).not.toContain('connecting to');
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(run.stdout).toBe('');
  });
});

describe('k2o run: a stream whose topic does not exist', () => {
  it('fails saying which topic is missing, with the existing topic its name is close to', async () => {
    const kafka = createKafka((process.env['K2O_KAFKA_BROKERS'] ?? '127.0.0.1:19092').split(','), 'k2o-test-cli-missing');
    const topic = uniqueName('shipments').replace(/-/g, '_');
    await ensureTopic(kafka, topic, 1);
    const misspelt = topic.replace('shipments', 'shipmets');
    const run = await runCli([
      'run',
      ksqlFile(`CREATE STREAM s (id STRING) WITH (topic = '${misspelt}');\nSELECT id FROM KAFKA s INTO CONSOLE;`),
    ]);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(`topic '${misspelt}' does not exist on the broker (did you mean '${topic}'?)`);
    expect(run.stderr).not.toMatch(/does not host this topic-partition|\n\s+at /);
  }, 60_000);
});
