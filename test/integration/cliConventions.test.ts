import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/compile.js';
import { createKafka } from '../../src/connectors/kafka/kafkaClient.js';
import { produceJson } from '../../src/connectors/kafka/produceJson.js';
import { ensureTopic } from '../../src/connectors/kafka/topics.js';
import { ksqlFile, runCli } from '../helpers/cli.js';
import { uniqueName } from '../helpers/kafka.js';

const brokers = (process.env['K2O_KAFKA_BROKERS'] ?? '127.0.0.1:19092').split(',');
const OK = 'SELECT order_id FROM KAFKA orders INTO CONSOLE;';
const BAD = 'CREATE STREAM orders (amount DOUBLE);\nSELECT amuont FROM KAFKA orders INTO CONSOLE;';

describe('k2o help and strict command lines', () => {
  it('--help lists every command, repl and infer included, and exits 0', async () => {
    const run = await runCli(['--help']);
    expect(run.code).toBe(0);
    for (const c of ['check', 'explain', 'run', 'infer', 'repl']) expect(run.stdout).toMatch(new RegExp(`^  ${c} `, 'm'));
    expect(run.stdout).toMatch(/repl +an interactive session: declare, run, watch and stop queries/);
    expect(run.stdout).toMatch(/infer +read a sample of a topic/);
  });

  it('every command has its own --help, exit 0', async () => {
    for (const c of ['check', 'explain', 'run', 'infer', 'repl']) {
      const run = await runCli([c, '--help']);
      expect(run.code, c).toBe(0);
      expect(run.stdout.split('\n')[0]).toMatch(new RegExp(`^usage: k2o ${c} `));
      expect(run.stdout).toMatch(/^options:$/m);
    }
  });

  it('an unknown command or option exits 2 and says so, with the nearest one', async () => {
    const command = await runCli(['chekc', 'x.ksql']);
    expect(command.code).toBe(2);
    expect(command.stderr).toBe("k2o: unknown command 'chekc' (did you mean 'check'?)\nsee: k2o --help\n");
    const option = await runCli(['explain', '--verbsoe', ksqlFile(OK)]);
    expect(option.code).toBe(2);
    expect(option.stderr).toBe('k2o explain: unknown option --verbsoe (did you mean --verbose?)\nsee: k2o explain --help\n');
    expect((await runCli(['check', '--format', 'xml', ksqlFile(OK)])).stderr).toContain("--format must be text or json, not 'xml'");
  });
});

describe('k2o check and explain over several files, directories and stdin', () => {
  it('check reports each file; one bad file makes it exit 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'k2o-dir-'));
    mkdirSync(join(dir, 'nested'));
    writeFileSync(join(dir, 'a.ksql'), OK);
    writeFileSync(join(dir, 'nested', 'b.ksql'), OK);
    writeFileSync(join(dir, 'readme.md'), 'not a query');
    const good = await runCli(['check', dir, '-'], { input: OK });
    expect(good.code, good.stderr).toBe(0);
    expect(good.stdout).toBe(
      `${join(dir, 'a.ksql')}: ok (1 query, 0 streams)\n${join(dir, 'nested', 'b.ksql')}: ok (1 query, 0 streams)\n<stdin>: ok (1 query, 0 streams)\n`,
    );

    const bad = ksqlFile(BAD, 'bad.ksql');
    const mixed = await runCli(['check', join(dir, 'a.ksql'), bad]);
    expect(mixed.code).toBe(1);
    expect(mixed.stdout).toBe(`${join(dir, 'a.ksql')}: ok (1 query, 0 streams)\n`);
    expect(mixed.stderr).toContain(`${bad}:2:8: error K2001: Unknown column 'amuont' in stream 'orders'`);
  });

  it('check --format json prints every diagnostic as JSON, for editors and CI', async () => {
    const bad = ksqlFile(BAD, 'bad.ksql');
    const run = await runCli(['check', '--format', 'json', bad, '-'], { input: OK });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('');
    const diagnostics = JSON.parse(run.stdout) as Record<string, unknown>[];
    expect(diagnostics.filter((d) => d['file'] === bad)).toHaveLength(compile(BAD).diagnostics.length);
    expect(diagnostics[0]).toEqual({
      file: bad,
      line: 2,
      column: 8,
      length: 6,
      code: 'K2001',
      severity: 'error',
      message: "Unknown column 'amuont' in stream 'orders'.",
      hint: "Did you mean 'amount'?",
    });
    for (const d of diagnostics)
      expect(Object.keys(d).sort()).toEqual(['code', 'column', 'file', 'hint', 'length', 'line', 'message', 'severity']);
    const clean = await runCli(['check', '--format', 'json', '-'], {
      input: 'CREATE STREAM s (a BIGINT);\nSELECT a FROM KAFKA s INTO CONSOLE;',
    });
    expect(clean.code).toBe(0);
    expect(JSON.parse(clean.stdout)).toEqual([]);
  });

  it('explain prints the plans of each file under its name', async () => {
    const a = ksqlFile(OK, 'a.ksql');
    const b = ksqlFile('SELECT amount FROM KAFKA payments INTO CONSOLE;', 'b.ksql');
    const run = await runCli(['explain', a, b]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`^-- ${a.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\n== Logical plan ==`));
    expect(run.stdout).toContain(`\n\n-- ${b}\n== Logical plan ==`);
    expect(run.stdout).toContain('KafkaSourceExec: topic=payments');
  });
});

describe('k2o run over several files, with a checked config file', () => {
  it('runs the queries of every file; a file with an error runs nothing', async () => {
    const kafka = createKafka(brokers, 'k2o-test-cli-conventions');
    const topic = uniqueName('cliruns').replace(/-/g, '_');
    await ensureTopic(kafka, topic, 1);
    await produceJson(
      kafka,
      topic,
      [1, 2, 3].map((n) => ({ value: { n } })),
    );
    const a = ksqlFile(`SELECT n FROM KAFKA ${topic} INTO CONSOLE AVAILABLE NOW WITH (name = 'first');`, 'a.ksql');
    const b = ksqlFile(`SELECT n * 10 AS tens FROM KAFKA ${topic} INTO CONSOLE AVAILABLE NOW WITH (name = 'second');`, 'b.ksql');
    const run = await runCli(['run', a, b]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/query first: stopped after \d+ batch(es)?, 3 records in, 3 rows out/);
    expect(run.stderr).toMatch(/query second: stopped after \d+ batch(es)?, 3 records in, 3 rows out/);
    expect(run.stdout).toContain('30');

    const refused = await runCli(['run', a, ksqlFile(BAD, 'bad.ksql')]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).not.toContain('started');
  });

  it('an unknown key in the config file is an error naming it, with the nearest key: exit 2, nothing run', async () => {
    const config = join(dirname(ksqlFile('')), 'k2o.config.json');
    writeFileSync(
      config,
      JSON.stringify({
        $schema: './node_modules/k2o/schema/k2o.config.schema.json',
        kafka: { brokers: brokers.join(',') },
        postgress: { url: 'postgres://k2o:hunter2@h/db' },
      }),
    );
    const run = await runCli(['run', '--config', config, ksqlFile(OK), ksqlFile(OK)]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`config file ${config}: unknown key "postgress" (did you mean "postgres"?)`);
    expect(run.stderr.match(/unknown key/g)).toHaveLength(1);
    expect(run.stderr).not.toContain('hunter2');
  });
});

describe('k2o infer', () => {
  it('reads a topic of known shape and prints a CREATE STREAM that k2o check passes, with the types, NOT NULL and watermark the records show', async () => {
    const kafka = createKafka(brokers, 'k2o-test-cli-infer');
    const topic = uniqueName('infer.orders');
    await ensureTopic(kafka, topic, 2);
    const records = Array.from({ length: 40 }, (_, i) => ({
      value: {
        order_id: i,
        amount: i % 4 === 0 ? i : i + 0.25,
        express: i % 2 === 0,
        customer: `c${i % 5}`,
        created_at: new Date(Date.UTC(2024, 4, 1, 10, 0, i)).toISOString(),
        shipped_at: i % 3 === 0 ? null : new Date(Date.UTC(2024, 4, 2, 10, 0, i)).toISOString(),
        address: { city: 'Lyon' },
        ...(i % 10 === 0 ? {} : { coupon: `K${i}` }),
      },
    }));
    await produceJson(kafka, topic, [...records, { value: 'not an object' }]);

    const run = await runCli(['infer', topic, '--sample', '1000', '--brokers', brokers.join(',')]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('-- inferred by k2o infer from 40 records of topic');
    expect(run.stdout).toContain('-- 1 record was not a JSON object and left out');

    const file = ksqlFile(
      `${run.stdout}\nSELECT window(created_at, '1 minute'), count(*) AS n FROM KAFKA ${topic.replace(/[.-]/g, '_')} GROUP BY window(created_at, '1 minute') INTO CONSOLE;\n`,
      'inferred.ksql',
    );
    const check = await runCli(['check', file]);
    expect(check.code, check.stderr).toBe(0);
    expect(check.stderr).toBe('');

    const stream = compile(run.stdout).streams[0]!;
    expect(stream.topic).toBe(topic);
    expect(stream.watermark).toEqual({ column: 'created_at', delayMs: 30_000 });
    expect(Object.fromEntries(stream.columns!.map((c) => [c.name, `${c.type.kind}${c.nullable ? '' : ' NOT NULL'}`]))).toEqual({
      order_id: 'BIGINT NOT NULL',
      amount: 'DOUBLE NOT NULL',
      express: 'BOOLEAN NOT NULL',
      customer: 'STRING NOT NULL',
      created_at: 'TIMESTAMP NOT NULL',
      shipped_at: 'TIMESTAMP',
      address: 'STRING NOT NULL',
      coupon: 'STRING',
    });
    expect(run.stdout).toContain('address STRING NOT NULL, -- nested object in the sample');
  });

  it('--sample bounds the records read; a missing topic is named, with the nearest one', async () => {
    const kafka = createKafka(brokers, 'k2o-test-cli-infer');
    const topic = uniqueName('infer_sample');
    await ensureTopic(kafka, topic, 1);
    await produceJson(
      kafka,
      topic,
      Array.from({ length: 30 }, (_, i) => ({ value: i < 5 ? { id: i } : { id: i, late_field: true } })),
    );
    const run = await runCli(['infer', topic, '--sample', '5']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('from 5 records');
    expect(run.stdout).not.toContain('late_field');

    const missing = await runCli(['infer', `${topic}x`]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe(`k2o infer: topic ${topic}x does not exist (did you mean ${topic}?)\n`);
    expect((await runCli(['infer', topic, '--sample', 'many'])).code).toBe(2);
  });
});
