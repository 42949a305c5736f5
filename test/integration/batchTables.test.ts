import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compile } from '../../src/compile.js';
import { createCopyTarget, createTableSource } from '../../src/connectors/createBatchConnectors.js';
import { PostgresTableSource } from '../../src/connectors/postgres/PostgresTableSource.js';
import type { TableCopy } from '../../src/connectors/relational/TableCopy.js';
import { Engine, type Logger } from '../../src/index.js';
import { BatchCopyRunner } from '../../src/runtime/batch/BatchCopyRunner.js';
import type { ConnectorModule, RegisteredConnector } from '../../src/connectors/ConnectorModule.js';
import { CONNECTORS } from '../../src/connectors/registry.js';
import { POSTGRES } from '../../src/connectors/postgres/descriptor.js';
import * as postgresModule from '../../src/connectors/postgres/connector.js';
import type { K2oConfig } from '../../src/config/K2oConfig.js';

const pgUrl = process.env['K2O_POSTGRES_URL'] ?? 'postgres://k2o@127.0.0.1:55432/k2o';
const config = { kafkaBrokers: [], urls: { postgres: pgUrl } };
const quiet: Logger = { info: () => {}, warn: () => {}, error: () => {} };
const suffix = `${process.pid}_${Date.now() % 1_000_000}`;
const name = (base: string) => `bt_${base}_${suffix}`;

/** Runs the text's one query on an Engine to its end; its final status and progress reports. */
async function runText(text: string) {
  const engine = new Engine({ ...config, log: quiet });
  const [q] = engine.start(text);
  const batches: number[] = [];
  q!.on('batch', (p) => batches.push(p.numOutputRows));
  await q!.awaitTermination();
  return { status: q!.status(), batches, progress: q!.recentProgress() };
}

/**
 * Batch reads and copies against the real PostgreSQL: results compared with the
 * same SQL run by PostgreSQL itself, reads fetched a chunk at a time, each copy
 * MODE on empty and non-empty targets, a failed copy leaving the target as it was.
 */
describe('batch reads and copies (PostgreSQL)', () => {
  const db = new pg.Client({ connectionString: pgUrl });
  const orders = name('orders');
  const created: string[] = [orders];
  const declare = `CREATE TABLE ${orders} (id BIGINT NOT NULL, region STRING, amount DECIMAL(10,2), qty INT) IN POSTGRES;\n`;

  beforeAll(async () => {
    await db.connect();
    await db.query(`CREATE TABLE ${orders} (id bigint PRIMARY KEY, region text, amount numeric(10,2), qty integer)`);
    await db.query(
      `INSERT INTO ${orders} SELECT i, (ARRAY['eu','us','apac',NULL])[1 + i % 4], (i % 997) * 1.25, i % 9 FROM generate_series(1, 5000) AS i`,
    );
  });

  afterAll(async () => {
    for (const t of created) await db.query(`DROP TABLE IF EXISTS ${t}`);
    await db.end();
  });

  it('WHERE + GROUP BY into a table gives what PostgreSQL gives for the same SQL, in micro-batches, COMPLETED', async () => {
    const out = name('by_region');
    created.push(out);
    const where = `qty > 3 AND region <> 'apac' AND amount BETWEEN 10 AND 1000`;
    const r = await runText(
      `${declare}SELECT region, count(*) AS n, sum(amount) AS total FROM POSTGRES ${orders} WHERE ${where}
       GROUP BY region INTO POSTGRES ${out} WITH (max_records_per_batch = 500);`,
    );
    expect(r.status).toEqual({ state: 'COMPLETED' });
    const expected = await db.query(
      `SELECT region, count(*)::int AS n, sum(amount)::text AS total FROM ${orders} WHERE ${where} GROUP BY region ORDER BY region`,
    );
    const actual = await db.query(`SELECT region, n::int AS n, total::text AS total FROM ${out} ORDER BY region`);
    expect(actual.rows).toEqual(expected.rows);
    expect(expected.rows.length).toBe(2);
    // A function in the SELECT keeps the copy in k2o: the rows read came in batches of at most 500.
    expect(r.progress.length).toBeGreaterThan(1);
  });

  it('into the console: the rows PostgreSQL selects, printed, COMPLETED', async () => {
    const lines: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      lines.push(String(chunk));
      const cb = rest.find((x) => typeof x === 'function') as (() => void) | undefined;
      cb?.();
      return true;
    }) as typeof process.stdout.write;
    try {
      const r = await runText(`${declare}SELECT region, count(*) AS n FROM POSTGRES ${orders} WHERE qty = 8 GROUP BY region INTO CONSOLE;`);
      expect(r.status).toEqual({ state: 'COMPLETED' });
    } finally {
      process.stdout.write = write;
    }
    const printed = lines.join('');
    const expected = await db.query(
      `SELECT coalesce(region, 'NULL') AS region, count(*)::int AS n FROM ${orders} WHERE qty = 8 GROUP BY region`,
    );
    for (const row of expected.rows) expect(printed).toMatch(new RegExp(`${row.region}\\s*\\|\\s*${row.n}\\b`));
  });

  it('a table larger than a batch is fetched a chunk at a time, memory staying bounded', async () => {
    const big = name('big');
    created.push(big);
    await db.query(`CREATE TABLE ${big} AS SELECT i::bigint AS id, repeat(md5(i::text), 16) AS pad FROM generate_series(1, 200000) AS i`);
    const plan = compile(
      `CREATE TABLE ${big} (id BIGINT, pad STRING) IN POSTGRES; SELECT id, pad FROM POSTGRES ${big} WHERE id > 0 INTO CONSOLE;`,
    ).queries[0]!.physical;
    const source = (await createTableSource(plan, config)) as PostgresTableSource;
    expect(source).toBeInstanceOf(PostgresTableSource);
    // What the heap retains, after a full collection, while one chunk is held.
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const retained = () => {
      gc();
      return process.memoryUsage().heapUsed;
    };
    const before = retained();
    let peak = 0;
    let rows = 0;
    await source.open();
    try {
      for (let chunk = await source.next(1000); chunk.length > 0; chunk = await source.next(1000)) {
        rows += chunk.length;
        if (source.fetched.length % 25 === 0) peak = Math.max(peak, retained() - before);
      }
    } finally {
      await source.close();
    }
    expect(rows).toBe(200_000);
    // 200 FETCHes of 1000 rows and the empty one that ends the read: never the whole table in one answer.
    expect(source.fetched.length).toBe(201);
    expect(Math.max(...source.fetched)).toBe(1000);
    // The table holds 200k × 512 characters (over 100 MB as JS strings); a chunk is about 1 MB.
    expect(peak).toBeLessThan(20 * 1024 * 1024);
  });

  /** A copy through BatchCopyRunner, its target's statement log kept. */
  async function copy(text: string) {
    const plan = compile(text).queries[0]!.physical;
    const target = (await createCopyTarget(plan, config)) as TableCopy<unknown, unknown>;
    const statements = target.statements;
    const runner = new BatchCopyRunner(plan, () => createTableSource(plan, config), target, { log: quiet });
    const metrics = await runner.run();
    return { statements, metrics };
  }

  const count = async (t: string) => Number((await db.query(`SELECT count(*) AS n FROM ${t}`)).rows[0].n);

  it.each(['overwrite', 'append', 'ignore', 'error'] as const)('MODE %s on an empty and on a non-empty target', async (mode) => {
    const target = name(`copy_${mode}`);
    created.push(target);
    const text = `${declare}INSERT INTO POSTGRES ${target} SELECT id, region, amount FROM POSTGRES ${orders} WHERE qty = 1 MODE ${mode.toUpperCase()};`;
    const selected = Number((await db.query(`SELECT count(*) AS n FROM ${orders} WHERE qty = 1`)).rows[0].n);
    // Empty (absent) target: every mode copies.
    await copy(text);
    expect(await count(target)).toBe(selected);
    // Non-empty target.
    if (mode === 'error') await expect(copy(text)).rejects.toThrow(/MODE ERROR: table .* already has \d+ rows; nothing was copied/);
    else await copy(text);
    expect(await count(target)).toBe(mode === 'append' ? 2 * selected : selected);
  });

  it('within one database a copy is one INSERT … SELECT, no row through k2o', async () => {
    const target = name('copy_within');
    created.push(target);
    const { statements, metrics } = await copy(
      `${declare}INSERT INTO POSTGRES ${target} SELECT id AS order_id, amount FROM POSTGRES ${orders} WHERE region = 'eu' AND qty >= 2 MODE OVERWRITE;`,
    );
    const inserts = statements.filter((s) => s.startsWith('INSERT'));
    expect(inserts).toHaveLength(1);
    expect(inserts[0]).toMatch(
      new RegExp(`^INSERT INTO "${target}" \\("order_id", "amount"\\)\\nSELECT "id", "amount"\\nFROM "${orders}"\\nWHERE`),
    );
    expect(inserts[0]).not.toContain('unnest');
    const expected = Number((await db.query(`SELECT count(*) AS n FROM ${orders} WHERE region = 'eu' AND qty >= 2`)).rows[0].n);
    expect(metrics.rowsOut).toBe(expected);
    expect(await count(target)).toBe(expected);
  });

  it('a copy that fails mid-way (a constraint violation in a later batch) leaves the target as it was', async () => {
    const target = name('copy_fail');
    created.push(target);
    await db.query(`CREATE TABLE ${target} (id bigint UNIQUE, region text, CHECK (id < 4900))`);
    await db.query(`INSERT INTO ${target} VALUES (-2, 'kept'), (-1, 'kept')`);
    for (const mode of ['APPEND', 'OVERWRITE']) {
      // upper() keeps the rows in k2o, 100 to a batch: only the 49th batch breaks the CHECK, after 48 were inserted.
      const text = `${declare}INSERT INTO POSTGRES ${target} SELECT id, upper(region) AS region FROM POSTGRES ${orders} MODE ${mode} WITH (max_records_per_batch = 100);`;
      const run = copy(text);
      await expect(run).rejects.toThrow(/check constraint/);
      const rows = (await db.query(`SELECT id::int AS id, region FROM ${target} ORDER BY id`)).rows;
      expect(rows, mode).toEqual([
        { id: -2, region: 'kept' },
        { id: -1, region: 'kept' },
      ]);
    }
  });

  it('across databases the rows stream through k2o in batches, into one transaction of the target', async () => {
    // A second database on the same server, behind a connector of its own: the copy cannot run inside one database.
    const otherDb = `k2o_other_${suffix}`;
    await db.query(`CREATE DATABASE ${otherDb}`);
    try {
      const otherUrl = pgUrl.replace(/\/[^/?]+(\?|$)/, `/${otherDb}$1`);
      const other = new pg.Client({ connectionString: otherUrl });
      await other.connect();
      await other.query(`CREATE TABLE remote_orders AS SELECT i::bigint AS id, 'r' || i AS label FROM generate_series(1, 1050) AS i`);
      await other.end();
      const onOther = (c: K2oConfig): K2oConfig => ({ ...c, urls: { ...c.urls, postgres: c.urls['pg_other']! } });
      const module: ConnectorModule = {
        createTableSource: (spec, c) => postgresModule.createTableSource!(spec, onOther(c)),
      };
      const registry: RegisteredConnector[] = [
        ...CONNECTORS,
        { descriptor: { ...POSTGRES, name: 'pg_other', connection: { key: 'pg_other', example: '' } }, load: async () => module },
      ];
      const target = name('copy_across');
      created.push(target);
      await db.query(`CREATE TABLE ${target} (id bigint, label text)`);
      await db.query(`INSERT INTO ${target} VALUES (0, 'replaced')`);
      const text = `CREATE TABLE remote_orders (id BIGINT, label STRING) IN PG_OTHER;
        INSERT INTO POSTGRES ${target} SELECT id, label FROM PG_OTHER remote_orders MODE OVERWRITE WITH (max_records_per_batch = 100);`;
      const plan = compile(text, { connectors: registry.map((r) => r.descriptor) }).queries[0]!.physical;
      const cfg = { ...config, urls: { postgres: pgUrl, pg_other: otherUrl } };
      const copyTarget = (await createCopyTarget(plan, cfg, registry)) as TableCopy<unknown, unknown>;
      const progress: number[] = [];
      const runner = new BatchCopyRunner(plan, () => createTableSource(plan, cfg, registry), copyTarget, {
        log: quiet,
        onBatch: (_m, b) => progress.push(b.numOutputRows),
      });
      const metrics = await runner.run();
      expect(metrics.rowsOut).toBe(1050);
      // Eleven batches of at most 100 rows, each one unnest INSERT, then the empty end of the read.
      expect(copyTarget.statements.filter((s) => s.includes('unnest'))).toHaveLength(11);
      expect(progress.filter((n) => n > 0)).toEqual([...Array<number>(10).fill(100), 50]);
      expect(copyTarget.statements.filter((s) => s.startsWith('DELETE'))).toHaveLength(1);
      const copied = await db.query(`SELECT count(*)::int AS n, min(id)::int AS lo, max(id)::int AS hi FROM ${target}`);
      expect(copied.rows[0]).toEqual({ n: 1050, lo: 1, hi: 1050 });
    } finally {
      await db.query(`DROP DATABASE IF EXISTS ${otherDb} WITH (FORCE)`);
    }
  });

  it('a stop during a copy rolls it back: the query ends STOPPED, the target as it was', async () => {
    const target = name('copy_stopped');
    created.push(target);
    await db.query(`CREATE TABLE ${target} (id bigint, region text)`);
    await db.query(`INSERT INTO ${target} VALUES (1, 'kept')`);
    const engine = new Engine({ ...config, log: quiet });
    const [q] = engine.start(
      `${declare}INSERT INTO POSTGRES ${target} SELECT id, upper(region) AS region FROM POSTGRES ${orders} MODE OVERWRITE WITH (max_records_per_batch = 10);`,
    );
    // Stopped once some batches are in the copy's transaction, long before the 500 it takes.
    q!.on('batch', (p) => p.totals.batches === 3 && void q!.stop());
    await q!.awaitTermination();
    expect(q!.status()).toEqual({ state: 'STOPPED' });
    expect((await db.query(`SELECT id::int AS id, region FROM ${target}`)).rows).toEqual([{ id: 1, region: 'kept' }]);
  });
});
