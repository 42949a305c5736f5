import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Decimal } from '../../src/core/Decimal.js';
import type { Row, Schema } from '../../src/core/Schema.js';
import { BIGINT, BOOLEAN, DATE, decimal, DOUBLE, INT, INTERVAL, STRING, TIMESTAMP, UNKNOWN } from '../../src/core/SqlType.js';
import { POSTGRES_DIALECT } from '../../src/connectors/postgres/postgresDialect.js';
import { PostgresSessions, type PgBulk, type PgStatement } from '../../src/connectors/postgres/postgresSession.js';
import type { SqlSession, SqlSessions } from '../../src/connectors/relational/SqlSession.js';
import { TransactionalSink } from '../../src/connectors/relational/TransactionalSink.js';
import type { SinkSpec } from '../../src/runtime/ports/Sink.js';

const url = process.env.K2O_POSTGRES_URL ?? 'postgres://k2o@127.0.0.1:55432/k2o';
/** The sinks' sessions run in an odd time zone (+05:45), so a timestamp read as local time shows. */
const sinkUrl = (() => {
  const u = new URL(url);
  u.searchParams.set('options', '-c TimeZone=Asia/Kathmandu');
  return u.toString();
})();

/** The PostgreSQL dialect without its bulk load: the INSERT path, the reference COPY is held to. */
const INSERT_ONLY = { ...POSTGRES_DIALECT, bulkLoad: undefined };

/** The real sessions, noting how each statement that carries rows into `table` reached the server. */
function noting(sessions: SqlSessions<PgStatement, PgBulk>, table: string, paths: string[]): SqlSessions<PgStatement, PgBulk> {
  return {
    open: () => sessions.open(),
    close: () => sessions.close(),
    async acquire(): Promise<SqlSession<PgStatement, PgBulk>> {
      const real = await sessions.acquire();
      return {
        execute: (statement) => real.execute(statement),
        executeBulk: (statement) => {
          const text = 'copy' in statement ? statement.copy : statement.text;
          if (text.includes(`"${table}"`)) paths.push('copy' in statement ? 'copy' : 'insert');
          return real.executeBulk(statement);
        },
        begin: () => real.begin(),
        commit: () => real.commit(),
        rollback: () => real.rollback(),
        release: () => real.release(),
        discard: () => real.discard(),
      };
    },
  };
}

const suffix = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
const dec = (text: string): Decimal => Decimal.parse(text)!;

/** Every type k2o writes, each with the values that stress COPY's text: NULLs, escapes, unicode, both ends of each range. */
const COLUMNS: readonly { name: string; type: Schema[number]['type']; values: readonly unknown[] }[] = [
  {
    name: 'text',
    type: STRING,
    values: [
      '',
      'plain',
      'tab\there',
      'line\nbreak',
      'cr\rand\r\n',
      'back\\slash',
      '\\N',
      '\\.',
      'NULL',
      null,
      'Zürich 東京 🚀',
      'é'.repeat(1000),
      '"quoted" {a,b} \'single\'',
      '\x01\x1f\x7f',
      'trailing backslash \\',
    ],
  },
  { name: 'anything', type: UNKNOWN, values: [{ a: 1, b: 'x\ty' }, 12, true, 'raw\\text', null, [1, 'two'], 1.5] },
  { name: 'flag', type: BOOLEAN, values: [true, false, null] },
  { name: 'small', type: INT, values: [0, -2_147_483_648, 2_147_483_647, null, -1] },
  { name: 'big', type: BIGINT, values: [0, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, null, 9_223_372_036_854_775_807n] },
  {
    name: 'ratio',
    type: DOUBLE,
    values: [0, -0, 1.5, 0.1 + 0.2, NaN, Infinity, -Infinity, Number.MAX_VALUE, Number.MIN_VALUE, null, -1e-300],
  },
  {
    name: 'exact',
    type: decimal(38, 10),
    values: [
      dec('9999999999999999999999999999.9999999999'),
      dec('-9999999999999999999999999999.9999999999'),
      dec('0.0000000001').withScale(10),
      dec('-0.0000000001').withScale(10),
      dec('0').withScale(10),
      null,
      dec('12345.6789012345'),
      dec('1.0001'),
      dec('10000'),
      dec('-0.5'),
      dec('100000000.0000000001'),
    ],
  },
  { name: 'price', type: decimal(5, 2), values: [dec('999.99'), dec('-999.99'), dec('0.00'), dec('0.01'), null] },
  {
    name: 'day',
    type: DATE,
    values: ['2026-12-01', '0001-01-01', '9999-12-31', '2024-02-29', '1999-12-31', '2000-01-01', '1900-03-01', null],
  },
  {
    name: 'at',
    type: TIMESTAMP,
    values: [0, -1, 1, -62_135_596_800_000, 253_402_300_799_999, 1_764_600_000_123, -2_208_988_800_001, null],
  },
  { name: 'span', type: INTERVAL, values: [0, 1, -1, 90_061_001, -90_061_001, 9_007_199_254_740, -9_007_199_254_740, null] },
];

const schema: Schema = [
  { name: 'id', type: INT, nullable: false },
  ...COLUMNS.map((c) => ({ name: c.name, type: c.type, nullable: true })),
];

/** Row i takes value i mod n of each column's list: every value meets many others, and 2,000 rows span many COPY chunks. */
function rowsOf(columns: typeof COLUMNS, count: number, first = 0): Row[] {
  return Array.from({ length: count }, (_, i) => [first + i, ...columns.map((c) => c.values[i % c.values.length])]);
}

/** Values whose fate only the INSERT knows (copyText): their batch goes through it, and stores what it stores. */
const INSERT_ONLY_VALUES: readonly { column: string; value: unknown }[] = [
  { column: 'at', value: -62_135_596_800_001 },
  { column: 'at', value: 8_640_000_000_000_000 },
  { column: 'span', value: 9_007_199_254_741 },
  { column: 'day', value: '2024-1-5' },
  { column: 'day', value: 'epoch' },
];

describe('TransactionalSink on PostgreSQL: APPEND through COPY', () => {
  const client = new pg.Client(url);
  const created: string[] = [];
  beforeAll(() => client.connect());
  afterAll(async () => {
    for (const t of created) await client.query(`DROP TABLE IF EXISTS ${t}`);
    await client.query('DELETE FROM k2o_offsets WHERE query_id LIKE $1', [`copy-%-${suffix}`]);
    await client.query('DELETE FROM k2o_dead_letters WHERE query_id LIKE $1', [`copy-%-${suffix}`]);
    await client.end();
  });

  /** A sink of `schema` into `table` by the dialect given, noting its row statements. */
  function sinkOf(table: string, name: string, paths: string[], dialect = POSTGRES_DIALECT, columns: Schema = schema) {
    created.push(table);
    const spec: SinkSpec = { table, schema: columns, mode: 'append', key: [], queryId: `copy-${name}-${suffix}` };
    return new TransactionalSink(spec, dialect, noting(new PostgresSessions(sinkUrl), table, paths));
  }

  /** Each row as PostgreSQL's own text of it, by id. */
  async function stored(table: string): Promise<string[]> {
    return (await client.query<{ row: string }>(`SELECT t::text AS row FROM ${table} t ORDER BY id`)).rows.map((r) => r.row);
  }

  it('stores every type exactly as the INSERT path stores it; a value only the INSERT can place sends its batch there', async () => {
    const copyTable = `k2o_copy_every_${suffix}`;
    const insertTable = `k2o_insert_every_${suffix}`;
    const copyPaths: string[] = [];
    const insertPaths: string[] = [];
    const copySink = sinkOf(copyTable, 'every', copyPaths);
    const insertSink = sinkOf(insertTable, 'every-insert', insertPaths, INSERT_ONLY);
    await copySink.open();
    await insertSink.open();
    try {
      const rows = rowsOf(COLUMNS, 2_000);
      const outliers = INSERT_ONLY_VALUES.map(({ column, value }, i): Row => {
        const row = rowsOf(COLUMNS, 1, 2_000 + i)[0]!;
        row[schema.findIndex((c) => c.name === column)] = value;
        return row;
      });
      for (const batch of [rows, ...outliers.map((r) => [r])]) {
        await copySink.writeBatch(batch, []);
        await insertSink.writeBatch(batch, []);
      }
      expect(copyPaths).toEqual(['copy', ...outliers.map(() => 'insert')]);
      expect(insertPaths).toEqual(['insert', ...outliers.map(() => 'insert')]);

      const viaCopy = await stored(copyTable);
      expect(viaCopy).toHaveLength(rows.length + outliers.length);
      expect(viaCopy).toEqual(await stored(insertTable));
      // Equal to the INSERT, and to what was sent: the strings come back as they went.
      const texts = await client.query<{ text: string | null }>(`SELECT text FROM ${copyTable} WHERE id < 15 ORDER BY id`);
      expect(texts.rows.map((r) => r.text)).toEqual(COLUMNS[0]!.values);
    } finally {
      await copySink.close();
      await insertSink.close();
    }
  });

  /**
   * Rows the database refuses, through COPY (issue 12's rejected rows). The first
   * batch breaks a CHECK constraint and holds a string that is not JSON for a
   * JSONB column: COPY is tried, refused, and the batch falls
   * back to the INSERT, whose bisection finds exactly those rows. The second holds
   * a NUL character and values the INSERT's array types refuse but the wider
   * existing columns (BIGINT, unconstrained NUMERIC) would take: it goes to the
   * INSERT at once. Either way the refused rows are dead letters with their
   * SQLSTATE and the rest commits with the offsets, exactly as through the INSERT alone.
   */
  it('batches with refused rows: the refused ones are dead letters, the others commit with the offsets, as through the INSERT', async () => {
    const columns: Schema = [
      { name: 'id', type: INT, nullable: false },
      { name: 'amount', type: INT, nullable: false },
      { name: 'price', type: decimal(5, 2), nullable: true },
      { name: 'label', type: STRING, nullable: true },
      { name: 'doc', type: STRING, nullable: true },
    ];
    const bad = new Map<number, string>([
      [7, '23514'],
      [120, '22P02'],
      [150, '23514'],
      [199, '23514'],
      [242, '22021'],
      [288, '22003'],
      [299, '22003'],
    ]);
    const rowOf = (id: number): Row => [
      id,
      bad.get(id) === '23514' ? -id : id === 288 ? 2 ** 31 : id,
      id === 299 ? dec('1234.50') : dec(`${id % 1000}.25`),
      id === 242 ? 'nul\0inside' : `row\t${id}`,
      id === 120 ? 'not json' : JSON.stringify({ id, text: `tab\t${id}`, big: 12345678901234567890 }),
    ];
    const batches = [0, 200].map((first) => Array.from({ length: 200 }, (_, i) => rowOf(first + i)));
    const outcomes: { stored: string[]; letters: { id: number; reason: string }[]; paths: string[][] }[] = [];
    for (const [name, dialect] of [
      ['refused', POSTGRES_DIALECT],
      ['refused-insert', INSERT_ONLY],
    ] as const) {
      const table = `k2o_copy_${name.replace('-', '_')}_${suffix}`;
      await client.query(
        `CREATE TABLE ${table} (id INTEGER NOT NULL, amount BIGINT NOT NULL CONSTRAINT amount_not_negative CHECK (amount >= 0), ` +
          'price NUMERIC, label TEXT, doc JSONB)',
      );
      const noted: string[] = [];
      const paths: string[][] = [];
      const sink = sinkOf(table, name, noted, dialect, columns);
      try {
        await sink.open();
        for (const [b, batch] of batches.entries()) {
          const offsets = [{ topic: 'orders', partition: 0, offset: String(200 * (b + 1)) }];
          const from = [{ topic: 'orders', partition: 0, offset: String(200 * b) }];
          const refused = batch.filter((r) => bad.has(r[0] as number)).length;
          expect(await sink.writeBatch(batch, offsets, undefined, [], from)).toEqual({ refusedRows: refused });
          expect(await sink.readOffsets()).toEqual(offsets);
          paths.push(noted.splice(0));
        }
        const letters = await client.query<{ record_value: string; reason: string }>(
          'SELECT record_value, reason FROM k2o_dead_letters WHERE query_id = $1',
          [`copy-${name}-${suffix}`],
        );
        outcomes.push({
          stored: await stored(table),
          letters: letters.rows
            .map((l) => ({ id: (JSON.parse(l.record_value) as { id: number }).id, reason: l.reason.replace(table, 'the table') }))
            .sort((a, b) => a.id - b.id),
          paths,
        });
      } finally {
        await sink.close();
      }
    }
    const [viaCopy, viaInsert] = outcomes as [(typeof outcomes)[0], (typeof outcomes)[0]];
    // The first batch tried COPY, refused as a whole; the INSERT's bisection wrote the rest.
    expect(viaCopy.paths[0]![0]).toBe('copy');
    expect(viaCopy.paths[0]!.slice(1).length).toBeGreaterThan(0);
    expect(viaCopy.paths[0]!.slice(1).every((p) => p === 'insert')).toBe(true);
    expect(viaCopy.paths[1]!.every((p) => p === 'insert')).toBe(true);
    expect(viaInsert.paths.flat().every((p) => p === 'insert')).toBe(true);
    expect(viaCopy.letters.map((l) => l.id)).toEqual([...bad.keys()]);
    for (const l of viaCopy.letters) expect(l.reason).toContain(`PostgreSQL refused the row (${bad.get(l.id)})`);
    expect(viaCopy.letters).toEqual(viaInsert.letters);
    expect(viaCopy.stored).toHaveLength(400 - bad.size);
    expect(viaCopy.stored).toEqual(viaInsert.stored);
  });

  it('a view takes the INSERT: the sink writes through it without trying COPY', async () => {
    const base = `k2o_copy_base_${suffix}`;
    const view = `k2o_copy_view_${suffix}`;
    created.push(base);
    await client.query(`CREATE TABLE ${base} (id INTEGER NOT NULL, label TEXT)`);
    await client.query(`CREATE VIEW ${view} AS SELECT id, label FROM ${base}`);
    const columns: Schema = [
      { name: 'id', type: INT, nullable: false },
      { name: 'label', type: STRING, nullable: true },
    ];
    const paths: string[] = [];
    const sink = sinkOf(view, 'view', paths, POSTGRES_DIALECT, columns);
    try {
      await sink.open();
      await sink.writeBatch(
        [
          [1, 'one'],
          [2, 'two\ttabbed'],
        ],
        [],
      );
      expect(paths).toEqual(['insert']);
      const rows = await client.query(`SELECT id, label FROM ${base} ORDER BY id`);
      expect(rows.rows).toEqual([
        { id: 1, label: 'one' },
        { id: 2, label: 'two\ttabbed' },
      ]);
    } finally {
      await sink.close();
      await client.query(`DROP VIEW IF EXISTS ${view}`);
    }
  });
});
