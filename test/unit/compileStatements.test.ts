import { describe, expect, it } from 'vitest';
import * as api from '../../src/index.js';
import {
  compile,
  emptyCatalog,
  explain,
  formatDiagnostic,
  runtimeGaps,
  type Catalog,
  type StreamDef,
  type TableDef,
} from '../../src/index.js';

/**
 * compile() over whole texts: the catalog as CREATE/DROP change it statement by
 * statement, SET as a default for the queries after it, management commands,
 * the public API of src/index.ts, and the features the runtime refuses.
 */

const errors = (r: api.CompileResult) => r.diagnostics.filter((d) => d.severity === 'error');
const ok = (text: string, options?: api.CompileOptions) => {
  const r = compile(text, options);
  expect(errors(r).map((d) => formatDiagnostic(d, text, 'test.ksql'))).toEqual([]);
  return r;
};
const sourceColumns = (q: api.CompiledQuery) => q.analyzed.sourceColumns.map((c) => `${c.name} ${c.type.kind}`);

describe('compile(): the catalog, statement by statement', () => {
  it('CREATE, DROP, then CREATE again: queries see the declaration in force where they are written', () => {
    const r = ok(`
      CREATE STREAM events (id STRING, size INT);
      SELECT id, size FROM KAFKA events INTO CONSOLE WITH (name = 'before');
      DROP STREAM events;
      CREATE STREAM events (id STRING, kind STRING) WITH (topic = 'events.v2');
      SELECT id, kind FROM KAFKA events INTO CONSOLE WITH (name = 'after');`);
    const [before, after] = r.queries;
    expect(sourceColumns(before!)).toEqual(['id STRING', 'size INT']);
    expect(sourceColumns(after!)).toEqual(['id STRING', 'kind STRING']);
    expect(after!.analyzed.source).toMatchObject({ kind: 'stream', connector: 'kafka', topics: { names: ['events.v2'] } });
    // What the text declared, after its DROPs: the second declaration only.
    expect(r.streams.map((s) => [s.name, s.topic, s.columns?.map((c) => c.name)])).toEqual([['events', 'events.v2', ['id', 'kind']]]);
  });

  it('a query after DROP no longer sees the dropped declaration', () => {
    const text = 'CREATE STREAM s (a INT);\nDROP STREAM s;\nSELECT * FROM KAFKA s INTO CONSOLE;';
    expect(errors(compile(text)).map((d) => d.code)).toEqual(['K2007']);
    const tables = 'CREATE TABLE t (a INT) IN ORACLE;\nDROP TABLE t;\nSELECT a FROM ORACLE t INTO CONSOLE;';
    expect(errors(compile(tables)).map((d) => d.code)).toEqual(['K2010']);
  });

  it('DROP … IF EXISTS of an unknown name is quiet; without IF EXISTS it is an error at the name', () => {
    expect(ok('DROP STREAM IF EXISTS nothing; DROP TABLE IF EXISTS nothing; SHOW STREAMS;').commands).toEqual([
      { kind: 'show', what: 'streams' },
    ]);
    const r = compile('DROP TABLE nothing;');
    expect(errors(r)).toMatchObject([{ code: 'K2008', message: "Unknown table 'nothing'.", span: { column: 12, length: 7 } }]);
  });

  it('streams and tables are separate namespaces', () => {
    const r = ok('CREATE STREAM orders (id STRING); CREATE TABLE orders (id STRING) IN POSTGRES; DROP TABLE orders; SHOW TABLES;');
    expect(r.streams.map((s) => s.name)).toEqual(['orders']);
    expect(r.tables).toEqual([]);
  });

  it('CREATE TABLE: primary-key columns become NOT NULL; the table is returned as declared', () => {
    const r = ok('CREATE TABLE totals (region STRING, day DATE, total DOUBLE, PRIMARY KEY (region, day)) IN POSTGRES; SHOW TABLES;');
    expect(r.tables).toEqual<TableDef[]>([
      {
        name: 'totals',
        database: 'postgres',
        primaryKey: ['region', 'day'],
        columns: [
          { name: 'region', type: { kind: 'STRING' }, nullable: false },
          { name: 'day', type: { kind: 'DATE' }, nullable: false },
          { name: 'total', type: { kind: 'DOUBLE' }, nullable: true },
        ],
        // Created so that a NULL key is one group, as the sink creates a key the query can write NULL into.
        nullableKey: ['region', 'day'],
        // Where k2o run reports a table that exists and differs from the declaration.
        span: expect.objectContaining({ offset: 0, line: 1, column: 1 }),
      },
    ]);
  });
});

describe('compile(): a catalog passed in options', () => {
  const orders: StreamDef = {
    name: 'orders',
    topic: 'orders.v1',
    format: 'json',
    columns: [
      { name: 'order_id', type: { kind: 'STRING' }, nullable: false },
      { name: 'amount', type: { kind: 'DOUBLE' }, nullable: true },
      { name: 'ts', type: { kind: 'TIMESTAMP' }, nullable: false },
    ],
    watermark: { column: 'ts', delayMs: 5000 },
    startingOffsets: 'latest',
  };
  const totals: TableDef = {
    name: 'totals',
    database: 'oracle',
    columns: [
      { name: 'order_id', type: { kind: 'STRING' }, nullable: false },
      { name: 'amount', type: { kind: 'DOUBLE' }, nullable: true },
    ],
    primaryKey: ['order_id'],
  };
  const catalog = (): Catalog => ({ streams: new Map([['orders', orders]]), tables: new Map([['totals', totals]]) });

  it('is honoured: its streams and tables are known, and not returned as declared by the text', () => {
    const r = ok('SELECT order_id, amount FROM KAFKA orders INTO ORACLE totals MODE UPDATE;', { catalog: catalog() });
    const q = r.queries[0]!.analyzed;
    expect(q.source).toMatchObject({ topics: { names: ['orders.v1'] }, startingOffsets: 'latest' });
    expect(q.watermark).toEqual({ column: 'ts', delayMs: 5000 });
    // The key comes from the catalog table's primary key.
    expect(q.sink.key).toEqual(['order_id']);
    expect(r.streams).toEqual([]);
    expect(r.tables).toEqual([]);
  });

  it('its declarations are checked like the text’s own (duplicate, table fit)', () => {
    expect(errors(compile('CREATE STREAM orders (x INT);', { catalog: catalog() })).map((d) => d.code)).toEqual(['K2004']);
    expect(
      errors(compile('SELECT order_id, amount, ts FROM KAFKA orders INTO ORACLE totals;', { catalog: catalog() })).map((d) => d.code),
    ).toEqual(['K4013']);
  });

  it('is not changed by the text; a catalog stream dropped and declared again is the text’s own', () => {
    const given = catalog();
    const r = ok('DROP STREAM orders; CREATE STREAM orders (id STRING); DROP TABLE totals; SHOW STREAMS;', { catalog: given });
    expect(given.streams.get('orders')).toBe(orders);
    expect(given.tables.get('totals')).toBe(totals);
    expect(r.streams.map((s) => [s.name, s.columns?.map((c) => c.name)])).toEqual([['orders', ['id']]]);
    expect(r.tables).toEqual([]);
  });

  it('emptyCatalog() knows nothing', () => {
    expect(errors(compile('DESCRIBE orders;', { catalog: emptyCatalog() })).map((d) => d.code)).toEqual(['K2008']);
  });
});

describe('compile(): SET changes only the queries after it', () => {
  it('max_records_per_batch and trigger_interval; a query’s own WITH or trigger still wins', () => {
    const r = ok(`
      SELECT id FROM KAFKA a INTO CONSOLE;
      SET max_records_per_batch = 500;
      SELECT id FROM KAFKA b INTO CONSOLE;
      SET trigger_interval = '5 seconds';
      SELECT id FROM KAFKA c INTO CONSOLE;
      SELECT id FROM KAFKA d INTO CONSOLE ONCE WITH (max_records_per_batch = 7);
      SET max_records_per_batch = 100;`);
    expect(r.queries.map((q) => [q.analyzed.id, q.analyzed.maxRecordsPerBatch, q.analyzed.trigger])).toEqual([
      ['console_a', 10_000, { kind: 'continuous' }],
      ['console_b', 500, { kind: 'continuous' }],
      ['console_c', 500, { kind: 'every', millis: 5000 }],
      ['console_d', 7, { kind: 'once' }],
    ]);
    // The plans carry it too, down to the sink operator.
    expect(r.queries[2]!.physical).toMatchObject({ maxRecordsPerBatch: 500, trigger: { kind: 'every', millis: 5000 } });
  });

  it('SET does not reach a batch INSERT’s trigger: a batch runs once', () => {
    const r = ok(`CREATE TABLE s (a STRING) IN ORACLE; SET trigger_interval = '1 minute';
      INSERT INTO ORACLE t SELECT a FROM ORACLE s; SELECT a FROM ORACLE s INTO CONSOLE;`);
    expect(r.queries.map((q) => q.analyzed.trigger)).toEqual([{ kind: 'once' }, { kind: 'once' }]);
  });
});

describe('compile(): management commands', () => {
  it('SHOW, DESCRIBE, TERMINATE and SET come back in text order, checked', () => {
    const r = ok(`
      CREATE STREAM orders (id STRING);
      CREATE TABLE copy (id STRING) IN POSTGRES;
      SHOW QUERIES; SHOW STREAMS; SHOW TABLES;
      DESCRIBE orders; DESCRIBE copy;
      TERMINATE copy; TERMINATE 'Query-7';
      SET max_records_per_batch = 50; SET trigger_interval = '2 seconds';`);
    expect(r.commands).toEqual([
      { kind: 'show', what: 'queries' },
      { kind: 'show', what: 'streams' },
      { kind: 'show', what: 'tables' },
      { kind: 'describe', name: 'orders', object: 'stream' },
      { kind: 'describe', name: 'copy', object: 'table' },
      { kind: 'terminate', id: 'copy' },
      { kind: 'terminate', id: 'Query-7' },
      { kind: 'set', name: 'max_records_per_batch', value: 50 },
      { kind: 'set', name: 'trigger_interval', value: '2 seconds' },
    ]);
    // Commands alone are a program; they need no query, and no warning says otherwise.
    expect(r.queries).toEqual([]);
    expect(r.diagnostics).toEqual([]);
  });

  it('no commands (and no queries) come back while there is any error', () => {
    const r = compile("SHOW QUERIES;\nSELECT id FROM KAFKA orders INTO CONSOLE;\nSET max_records_per_batch = 'many';");
    expect(errors(r).map((d) => d.code)).toEqual(['K3004']);
    expect(r.commands).toEqual([]);
    expect(r.queries).toEqual([]);
  });

  it('DESCRIBE and SET suggest the name meant', () => {
    const r = compile('CREATE STREAM payments (id STRING);\nDESCRIBE paymnets;\nSET trigger_intervl = 5;');
    expect(errors(r).map((d) => [d.code, d.hint])).toEqual([
      ['K2008', "Did you mean 'payments'?"],
      ['K2006', "Did you mean 'trigger_interval'?"],
    ]);
  });
});

describe('the public API (src/index.ts)', () => {
  it('exports compile, explain, explainQuery, formatDiagnostic, runtimeGaps, emptyCatalog and the message table', () => {
    for (const name of ['compile', 'explain', 'explainQuery', 'formatDiagnostic', 'runtimeGaps', 'emptyCatalog']) {
      expect(typeof (api as Record<string, unknown>)[name], name).toBe('function');
    }
    expect(api.Messages.NotARuntimeFeature.code).toBe('K4014');
  });

  it('explain() gives the plans of a text, or its diagnostics and no text', () => {
    const good = explain('SELECT id FROM KAFKA orders INTO CONSOLE;');
    expect(good.text).toContain('== Logical plan ==\n01)Sink: console');
    expect(good.text).toContain('== Physical plan ==\n01)ConsoleSinkExec');
    const bad = explain('SELECT id FROM KAFKA orders INTO POSTGRES;');
    expect(bad.text).toBe('');
    expect(formatDiagnostic(bad.diagnostics[0]!, 'SELECT id FROM KAFKA orders INTO POSTGRES;', 'q.ksql')).toMatch(
      /^q\.ksql:1:42: error K1002: /,
    );
  });

  it('EXPLAIN VERBOSE in the text shows the plan after each rule; EXPLAIN alone does not', () => {
    const text = 'SELECT id FROM KAFKA orders WHERE 1 + 1 = 2 AND amount > 0 INTO CONSOLE;';
    expect(explain(`EXPLAIN VERBOSE ${text}`).text).toMatch(/^== Initial logical plan ==\n[\s\S]*== After constant_folding ==/);
    expect(explain(`EXPLAIN ${text}`).text).toMatch(/^== Logical plan ==/);
    expect(compile(`EXPLAIN VERBOSE ${text}`).queries[0]!.explain).toEqual({ verbose: true });
  });

  it('compile() never throws for garbage: it answers with diagnostics that point into the text', () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const words = [
      'SELECT',
      'FROM',
      'KAFKA',
      'INTO',
      'ORACLE',
      'POSTGRES',
      'CONSOLE',
      'CREATE',
      'TABLE',
      'STREAM',
      'DROP',
      'IF',
      'EXISTS',
      'INSERT',
      'MODE',
      'KEY',
      'PRIMARY',
      'DEDUPLICATE',
      'ON',
      'WITHIN',
      'QUALITY',
      'AS',
      'FAILED',
      'ROWS',
      'DEAD',
      'LETTERS',
      'LATE',
      'SET',
      'SHOW',
      'DESCRIBE',
      'TERMINATE',
      'EXPLAIN',
      'VERBOSE',
      'DISTINCT',
      'session(',
      'window(',
      '(',
      ')',
      ',',
      ';',
      '=',
      "'x'",
      "'1 hour'",
      '42',
      '*',
      'a',
      '_key',
      'processed_at',
      'IN',
      'GROUP',
      'BY',
    ];
    const garbage = [
      '',
      ';;;',
      '\u0000\u0001\u0002',
      'SELECT',
      "'unterminated",
      '🙂 SELECT 🙂',
      'x'.repeat(10_000),
      '('.repeat(500),
      Array.from({ length: 200 }, () => String.fromCharCode(Math.floor(random() * 0x2000))).join(''),
      ...Array.from({ length: 300 }, () =>
        Array.from({ length: 1 + Math.floor(random() * 25) }, () => words[Math.floor(random() * words.length)]).join(' '),
      ),
    ];
    for (const text of garbage) {
      let r: api.CompileResult | undefined;
      expect(() => (r = compile(text)), text.slice(0, 80)).not.toThrow();
      for (const d of r!.diagnostics) {
        expect(d.code, text).toMatch(/^K\d{4}$/);
        expect(d.span.offset, text).toBeGreaterThanOrEqual(0);
        // An 'unexpected end of input' may cover the one position after the text.
        expect(d.span.offset + d.span.length, text).toBeLessThanOrEqual(text.length + 1);
      }
      if (r!.diagnostics.some((d) => d.severity === 'error')) expect(r!.queries).toEqual([]);
    }
  });
});

describe('runtimeGaps: what compiles but cannot run yet, pointed at its clause', () => {
  const cases: [feature: string, text: string, clause: string][] = [
    [
      'FAILED ROWS INTO',
      'SELECT a FROM KAFKA x QUALITY (a IS NOT NULL AS has_a)\nINTO CONSOLE\n  FAILED ROWS INTO POSTGRES bad;',
      'FAILED ROWS INTO POSTGRES bad',
    ],
    [
      'DEAD LETTERS INTO',
      "SELECT a FROM KAFKA x INTO POSTGRES t DEAD LETTERS INTO KAFKA dlq EVERY '1 second';",
      'DEAD LETTERS INTO KAFKA dlq',
    ],
    [
      'LATE ROWS INTO',
      "SELECT window(ts, '1 minute'), count(*) AS n FROM KAFKA x GROUP BY window(ts, '1 minute')\nINTO CONSOLE LATE ROWS INTO POSTGRES late;",
      'LATE ROWS INTO POSTGRES late',
    ],
  ];

  it.each(cases)('%s', (feature, text, clause) => {
    const r = ok(text);
    const gaps = r.queries.flatMap(runtimeGaps);
    // The message starts with the feature (a route may name its destination: 'DEAD LETTERS INTO KAFKA with …').
    const gap = gaps.find((d) => d.message.startsWith(feature));
    expect(gap, gaps.map((d) => d.message).join('; ')).toBeDefined();
    expect(gap!.code).toBe('K4014');
    expect(gap!.severity).toBe('error');
    expect(text.slice(gap!.span.offset, gap!.span.offset + gap!.span.length)).toBe(clause);
    // line:col agree with the offset.
    const before = text.slice(0, gap!.span.offset).split('\n');
    expect([gap!.span.line, gap!.span.column]).toEqual([before.length, before[before.length - 1]!.length + 1]);
  });

  it('a Kafka route points at the route, not at FROM KAFKA; INTO KAFKA itself runs', () => {
    const text = 'SELECT a FROM KAFKA x INTO POSTGRES y DEAD LETTERS INTO KAFKA dlq;';
    expect(runtimeGaps(ok(text).queries[0]!).map((d) => d.span.column)).toEqual([text.indexOf('DEAD LETTERS') + 1]);
    expect(runtimeGaps(ok('SELECT a FROM KAFKA x\nINTO KAFKA y KEY (a);').queries[0]!)).toEqual([]);
  });

  it('batch reads and batch copies run: FROM ORACLE, FROM POSTGRES and INSERT INTO … SELECT give none', () => {
    const r = ok(`CREATE TABLE t (a STRING) IN ORACLE; CREATE TABLE p (a STRING) IN POSTGRES;
      SELECT a FROM ORACLE t INTO CONSOLE;
      SELECT a FROM POSTGRES p INTO CONSOLE;
      INSERT INTO ORACLE u SELECT a FROM ORACLE t MODE APPEND;`);
    expect(r.queries.flatMap(runtimeGaps)).toEqual([]);
  });

  it('a query of features the runtime has gives none', () => {
    const r = ok(`CREATE STREAM orders (order_id STRING, amount DOUBLE, ts TIMESTAMP, WATERMARK FOR ts AS ts - INTERVAL '5' SECOND);
      SELECT DISTINCT order_id, _partition, processed_at FROM KAFKA orders, orders
      WHERE amount > 0 DEDUPLICATE ON (order_id) WITHIN '1 hour' QUALITY (amount < 1000 AS small)
      INTO POSTGRES t;`);
    expect(r.queries.flatMap(runtimeGaps)).toEqual([]);
  });

  it('a topic pattern runs', () => {
    expect(runtimeGaps(ok("SELECT a FROM KAFKA 'orders_.*' INTO CONSOLE;").queries[0]!)).toEqual([]);
  });
});

describe('compile: limits', () => {
  it('text nested beyond the stack gives K1005, not an exception', () => {
    const deep = `SELECT ${'('.repeat(5000)}a${')'.repeat(5000)} AS x FROM KAFKA s INTO CONSOLE`;
    const r = compile(deep);
    expect(r.queries).toEqual([]);
    expect(r.diagnostics.map((d) => d.code)).toContain('K1005');
    const longOr = `SELECT a FROM KAFKA s WHERE ${Array.from({ length: 20000 }, (_, i) => `a = ${i}`).join(' OR ')} INTO CONSOLE`;
    expect(() => compile(longOr)).not.toThrow();
  });
});
