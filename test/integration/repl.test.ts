import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKafka } from '../../src/connectors/kafka/kafkaClient.js';
import { produceJson } from '../../src/connectors/kafka/produceJson.js';
import { ensureTopic } from '../../src/connectors/kafka/topics.js';
import { uniqueName } from '../helpers/kafka.js';
import { PipedRepl, TmuxRepl, until } from '../helpers/repl.js';

const brokers = (process.env['K2O_KAFKA_BROKERS'] ?? '127.0.0.1:19092').split(',');
const pgUrl = process.env['K2O_POSTGRES_URL'] ?? 'postgres://k2o@127.0.0.1:55432/k2o';
const kafka = createKafka(brokers, 'k2o-repl-test');
const ORDERS = [1, 2, 3, 4, 5].map((id) => ({ value: { id, amount: id * 10.5, note: id === 3 ? 'x;y' : 'plain' } }));

describe('k2o repl, piped', () => {
  const db = new pg.Client({ connectionString: pgUrl });
  beforeAll(() => db.connect());
  afterAll(() => db.end());

  it('declares a stream over several lines, starts a query into PostgreSQL, lists it, shows rows, reports an error with a caret, terminates', async () => {
    const topic = uniqueName('repl-orders');
    const table = uniqueName('repl_orders').replace(/-/g, '_');
    await ensureTopic(kafka, topic, 1);
    await produceJson(kafka, topic, ORDERS);
    const repl = new PipedRepl([], { K2O_HISTORY: join(mkdtempSync(join(tmpdir(), 'k2o-hist-')), 'history') });
    try {
      // A ';' in a comment or a string literal does not end the statement.
      repl.send(
        `CREATE STREAM orders (\n  id INT NOT NULL, -- the order; never null\n  amount DOUBLE,\n  note STRING\n) WITH (topic = '${topic}');\n`,
      );
      await repl.waitFor(/^stream orders declared$/m);
      repl.send(`SELECT id, amount FROM KAFKA orders WHERE note <> 'a;b'\nINTO POSTGRES ${table} WITH (name = 'copy_orders');\n`);
      await repl.waitFor(/^started query copy_orders$/m);
      let rows: { id: number; amount: number }[] = [];
      await until(
        () => rows.length === ORDERS.length,
        () => `${rows.length} rows in ${table}\n${repl.stderr}`,
        30_000,
        async () => {
          rows = await db.query(`SELECT id, amount FROM ${table} ORDER BY id`).then(
            (r) => r.rows,
            () => [],
          );
        },
      );
      expect(rows).toEqual(ORDERS.map((o) => ({ id: o.value.id, amount: o.value.amount })));

      repl.send('SHOW QUERIES;\n');
      // rows/s, rows in, then the lag: a number once sampled, '-' before the first sample.
      await repl.waitFor(/^copy_orders \| copy_orders \| RUNNING +\| [\d.]+ +\| 5 +\| (\d+|-) +\|/m);

      // No INTO: the rows print here; AVAILABLE NOW ends the query by itself, so the script goes on.
      repl.send('SELECT id, note FROM KAFKA orders INTO CONSOLE AVAILABLE NOW;\n');
      await repl.waitFor(/query console_orders: COMPLETED after 5 rows/, 'stderr');
      for (const o of ORDERS) expect(repl.stdout).toMatch(new RegExp(`^ +${o.value.id} \\| ${o.value.note}$`, 'm'));

      repl.send('SELECT amuont FROM KAFKA orders;\n');
      await repl.waitFor(/hint: Did you mean 'amount'\?/, 'stderr');
      expect(repl.stderr).toContain(
        "repl:1:8: error K2001: Unknown column 'amuont' in stream 'orders'.\n1 | SELECT amuont FROM KAFKA orders;\n           ^~~~~~\n",
      );

      // The table of the query's target has its id as name: DESCRIBE shows the table, DESCRIBE QUERY the query.
      repl.send(
        `CREATE TABLE copy_orders (id INT, amount DOUBLE, PRIMARY KEY (id)) IN POSTGRES;\nDESCRIBE copy_orders;\nDESCRIBE QUERY copy_orders;\n`,
      );
      await repl.waitFor(/^table copy_orders\ncolumn \| type\n/m);
      await repl.waitFor(/"totals": \{\s*"batches": \d+,\s*"numInputRows": 5,/);
      expect(repl.stdout).toMatch(/^query copy_orders: RUNNING\n== Logical plan ==\n01\)Sink: postgres/m);

      repl.send('TERMINATE copy_orders;\nSHOW QUERIES;\n');
      await repl.waitFor(/^query copy_orders: STOPPED$/m);
      await repl.waitFor(/^copy_orders +\| copy_orders +\| STOPPED/m);
      // The session went on after the error, and says at the end that one statement failed.
      expect(await repl.end()).toBe(1);
    } finally {
      repl.kill();
    }
  }, 90_000);

  it('SIGINT with no query in the foreground ends a piped session, stopping its queries cleanly, exit 0', async () => {
    const topic = uniqueName('repl_sigint').replace(/-/g, '_');
    const table = uniqueName('repl_sigint').replace(/-/g, '_');
    await ensureTopic(kafka, topic, 1);
    await produceJson(kafka, topic, ORDERS);
    const repl = new PipedRepl();
    try {
      repl.send(`SELECT CAST(id AS INT) AS id FROM KAFKA ${topic} INTO POSTGRES ${table} WITH (name = 'sigint_copy');\n`);
      await repl.waitFor(/^started query sigint_copy$/m);
      let n = 0;
      await until(
        () => n === ORDERS.length,
        () => `${n} rows\n${repl.stderr}`,
        30_000,
        async () => {
          n = await db.query(`SELECT count(*)::int AS n FROM ${table}`).then(
            (r) => (r.rows[0] as { n: number }).n,
            () => 0,
          );
        },
      );
      repl.signal('SIGINT');
      expect(await repl.exited).toBe(0);
      expect(repl.stderr).toContain('stopping sigint_copy\n');
    } finally {
      repl.kill();
    }
  }, 60_000);

  it('RUN runs a file statement by statement; its errors point into the file; EXIT stops the session', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'k2o-run-'));
    const file = join(dir, 'decl.ksql');
    writeFileSync(
      file,
      "CREATE STREAM clicks (user_id STRING, url STRING) WITH (topic = 'web.clicks');\n\nSET max_records_per_batch = 'many';\n",
    );
    const repl = new PipedRepl();
    try {
      repl.send(`RUN '${file}';\nDESCRIBE clicks;\nSET max_records_per_batch = 500;\nSHOW TABLES;\nEXIT;\nSHOW STREAMS;\n`);
      expect(await repl.exited).toBe(1);
      expect(repl.stdout).toMatch(/^stream clicks declared$/m);
      expect(repl.stderr).toContain(`${file}:3:29: error K3004:`);
      expect(repl.stderr).toContain("3 | SET max_records_per_batch = 'many';\n                                ^~~~~~\n");
      expect(repl.stdout).toMatch(/^user_id \| STRING$/m);
      expect(repl.stdout).toContain('max_records_per_batch = 500 for the queries started from now on');
      // Nothing after EXIT ran.
      expect(repl.stdout).not.toMatch(/^name +\| topic/m);
    } finally {
      repl.kill();
    }
  }, 30_000);
});

describe('docs/repl.md', () => {
  it('its piped session runs as written and prints what the page says it prints first', async () => {
    const doc = readFileSync('docs/repl.md', 'utf8');
    const session = /This session, piped[\s\S]*?```sql\n([\s\S]*?)```/.exec(doc)?.[1];
    const printed = /It prints, first:\n\n```text\n([\s\S]*?)```/.exec(doc)?.[1];
    expect(session).toBeDefined();
    const repl = new PipedRepl();
    try {
      repl.send(session!);
      expect(await repl.end(), repl.stderr).toBe(0);
      expect(repl.stdout.startsWith(printed!)).toBe(true);
      expect(repl.stdout).toContain('01)Sink: console mode=append query=console_clicks trigger=every 10 seconds');
      expect(repl.stdout).toContain("RUN 'file.ksql'");
    } finally {
      repl.kill();
    }
  }, 30_000);
});

describe('k2o repl on a terminal (tmux)', () => {
  it('completes a column name with Tab, stops a foreground query with Ctrl-C, keeps history across two sessions', async () => {
    const topic = uniqueName('repl-clicks');
    await ensureTopic(kafka, topic, 1);
    const history = join(mkdtempSync(join(tmpdir(), 'k2o-hist-')), 'history');
    const name = uniqueName('repl').replace(/-/g, '_');
    const first = new TmuxRepl(`${name}_a`, { K2O_HISTORY: history });
    try {
      await first.waitFor(/^k2o> ?$/m);
      first.type(`CREATE STREAM clicks (user_id STRING, page_url STRING) WITH (topic = '${topic}');`);
      first.keys('Enter');
      await first.waitFor(/^stream clicks declared$/m);
      first.type('SELECT page_');
      first.keys('Tab');
      await first.waitFor(/^k2o> SELECT page_url\s*$/m);
      first.type('FROM KAFKA clicks;');
      first.keys('Enter');
      await first.waitFor(/Ctrl-C stops it/);
      first.keys('C-c');
      await first.waitFor(/query console_clicks: STOPPED after 0 rows\nk2o> ?$/m);
      first.type('EXIT');
      first.keys('Enter');
      await until(
        () => !first.alive(),
        () => first.screen(),
      );
    } finally {
      first.close();
    }
    expect(readFileSync(history, 'utf8')).toContain('SELECT page_url FROM KAFKA clicks;\nEXIT\n');

    const second = new TmuxRepl(`${name}_b`, { K2O_HISTORY: history });
    try {
      await second.waitFor(/^k2o> ?$/m);
      second.keys('Up', 'Up');
      await second.waitFor(/^k2o> SELECT page_url FROM KAFKA clicks;$/m);
    } finally {
      second.close();
    }
  }, 90_000);
});
