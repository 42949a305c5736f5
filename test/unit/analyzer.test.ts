import { describe, expect, it } from 'vitest';
import type { AnalyzedQuery } from '../../src/compiler/analyzer/AnalyzedQuery.js';
import { formatExpr } from '../../src/core/BoundExpr.js';
import { DEFAULT_WATERMARK_DELAY_MS, emptyCatalog } from '../../src/compiler/analyzer/Catalog.js';
import { comparable, unify, widen } from '../../src/compiler/analyzer/typeRules.js';
import { BIGINT, decimal, DOUBLE, formatType, INT, STRING, TIMESTAMP, type SqlType } from '../../src/core/SqlType.js';
import { compile } from '../../src/compile.js';

/** The analysed queries of `text`, failing the test on any error. */
function analyzeAll(text: string): AnalyzedQuery[] {
  const r = compile(text);
  expect(r.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code} ${d.message}`)).toEqual([]);
  return r.queries.map((q) => q.analyzed);
}

function analyze(text: string): AnalyzedQuery {
  const all = analyzeAll(text);
  return all[all.length - 1]!;
}

/** Where the query writes, without the span that points at it in the text. */
function sinkOf(q: AnalyzedQuery): Omit<AnalyzedQuery['sink'], 'span'> {
  const { span: _span, ...sink } = q.sink;
  return sink;
}

/** The codes of the errors `text` produces. */
function errorCodes(text: string): string[] {
  return compile(text)
    .diagnostics.filter((d) => d.severity === 'error')
    .map((d) => d.code);
}

const sourceTypes = (q: AnalyzedQuery) => Object.fromEntries(q.sourceColumns.map((c) => [c.name, formatType(c.type)]));
const outputTypes = (q: AnalyzedQuery) => Object.fromEntries(q.outputs.map((o) => [o.name, formatType(o.expr.type)]));

describe('analyzer: column types of an undeclared stream, from their use', () => {
  it('a window argument is a TIMESTAMP; a column compared with a number is a DOUBLE', () => {
    const q = analyze("SELECT window(ts, '5 minutes'), sum(amount) AS s FROM KAFKA orders WHERE qty > 3 INTO CONSOLE");
    expect(sourceTypes(q)).toEqual({ ts: 'TIMESTAMP', amount: 'DOUBLE', qty: 'DOUBLE' });
  });

  it('LIKE and || make STRINGs; a bare condition is a BOOLEAN; an unconstrained column is a STRING', () => {
    const q = analyze("SELECT a || b AS ab, plain FROM KAFKA s WHERE name LIKE 'x%' AND flag INTO CONSOLE");
    expect(sourceTypes(q)).toEqual({ name: 'STRING', flag: 'BOOLEAN', a: 'STRING', b: 'STRING', plain: 'STRING' });
  });

  it('comparison with a string literal is a STRING; on either side', () => {
    const q = analyze("SELECT x FROM KAFKA s WHERE 'a' = code AND level <> 'high' INTO CONSOLE");
    expect(sourceTypes(q)).toMatchObject({ code: 'STRING', level: 'STRING' });
  });

  it('arithmetic operands and sum/avg/abs arguments are DOUBLEs; a column plus an interval is a TIMESTAMP', () => {
    const q = analyze("SELECT a * b AS p, abs(c) AS c2, t + INTERVAL '1 hour' AS later, -d AS neg FROM KAFKA s INTO CONSOLE");
    expect(sourceTypes(q)).toEqual({ a: 'DOUBLE', b: 'DOUBLE', c: 'DOUBLE', t: 'TIMESTAMP', d: 'DOUBLE' });
    expect(outputTypes(q)).toEqual({ p: 'DOUBLE', c2: 'DOUBLE', later: 'TIMESTAMP', neg: 'DOUBLE' });
  });

  it('IN and BETWEEN take their type from the literals', () => {
    const q = analyze("SELECT x FROM KAFKA s WHERE n IN (1, 2) AND c IN ('a', 'b') AND m BETWEEN 0 AND 9 INTO CONSOLE");
    expect(sourceTypes(q)).toMatchObject({ n: 'DOUBLE', c: 'STRING', m: 'DOUBLE' });
  });

  it('the first use that decides wins, even after an undecided one', () => {
    const q = analyze('SELECT v FROM KAFKA s WHERE v IS NOT NULL AND v > 10 INTO CONSOLE');
    expect(sourceTypes(q)).toEqual({ v: 'DOUBLE' });
    // A later use that disagrees is a type error, not a silent change of type.
    const r = compile("SELECT v FROM KAFKA s WHERE upper(v) = 'X' AND v > 10 INTO CONSOLE");
    expect(r.diagnostics.map((d) => d.code)).toEqual(['K3001']);
    // WHERE is read before the select list.
    const w = analyze('SELECT upper(v) AS u FROM KAFKA s WHERE v > 10 INTO CONSOLE');
    expect(sourceTypes(w)).toEqual({ v: 'DOUBLE' });
  });

  it('min/max compared with a number type their argument as a number', () => {
    const q = analyze(
      "SELECT window(ts, '1 minute'), count(*) AS n FROM KAFKA s GROUP BY window(ts, '1 minute') HAVING max(attempt) > 3 INTO CONSOLE",
    );
    expect(sourceTypes(q)).toMatchObject({ attempt: 'DOUBLE' });
  });

  it('decoded columns keep first-use order: WHERE, then select items, GROUP BY, HAVING', () => {
    const q = analyze('SELECT c, count(*) AS n FROM KAFKA s WHERE b > 1 GROUP BY c, d HAVING min(e) > 0 INTO CONSOLE MODE UPDATE KEY (c)');
    expect(q.sourceColumns.map((c) => c.name)).toEqual(['b', 'c', 'd', 'e']);
    expect(q.sourceColumns.every((c) => c.nullable)).toBe(true);
  });
});

describe('analyzer: declared streams', () => {
  const stream =
    "CREATE STREAM t (i INT, b BIGINT NOT NULL, d DOUBLE, m DECIMAL(10,2), s STRING, ts TIMESTAMP, WATERMARK FOR ts AS ts - INTERVAL '5' SECOND) WITH (topic = 'tt', group_id = 'g1', starting_offsets = 'latest');\n";

  it('columns, nullability, watermark and options come from the declaration', () => {
    const r = compile(`${stream}SELECT i FROM KAFKA t INTO CONSOLE`);
    expect(r.streams).toHaveLength(1);
    expect(r.streams[0]).toMatchObject({
      name: 't',
      topic: 'tt',
      groupId: 'g1',
      startingOffsets: 'latest',
      watermark: { column: 'ts', delayMs: 5000 },
    });
    expect(r.streams[0]!.columns!.map((c) => [c.name, formatType(c.type), c.nullable])).toEqual([
      ['i', 'INT', true],
      ['b', 'BIGINT', false],
      ['d', 'DOUBLE', true],
      ['m', 'DECIMAL(10,2)', true],
      ['s', 'STRING', true],
      ['ts', 'TIMESTAMP', true],
    ]);
  });

  it('numeric widening in arithmetic: INT < BIGINT < DECIMAL < DOUBLE; division of whole numbers is DOUBLE; DECIMAL results as Spark types them', () => {
    const q = analyze(
      `${stream}SELECT i + i AS ii, i + b AS ib, b * m AS bm, m - d AS md, i / i AS div, m / i AS mdiv, i % b AS mod FROM KAFKA t INTO CONSOLE`,
    );
    // BIGINT takes part as DECIMAL(20,0), INT as DECIMAL(10,0).
    expect(outputTypes(q)).toEqual({
      ii: 'INT',
      ib: 'BIGINT',
      bm: 'DECIMAL(31,2)',
      md: 'DOUBLE',
      div: 'DOUBLE',
      mdiv: 'DECIMAL(21,13)',
      mod: 'BIGINT',
    });
  });

  it('DECIMAL arithmetic result types follow Spark: + keeps every digit, * adds scales, / keeps at least 6, beyond 38 digits the scale gives way', () => {
    const decimals = 'CREATE STREAM t (a DECIMAL(10,2), b DECIMAL(5,4), w DECIMAL(38,10), i INT);\n';
    const q = analyze(
      `${decimals}SELECT a + b AS plus, a - i AS minus, a * b AS times, a / b AS over, a % b AS rem, -a AS neg, w * w AS big, w / w AS bigdiv, coalesce(a, b) AS co, CASE WHEN i > 0 THEN a ELSE i END AS ca FROM KAFKA t INTO CONSOLE`,
    );
    expect(outputTypes(q)).toEqual({
      plus: 'DECIMAL(13,4)',
      minus: 'DECIMAL(13,2)',
      times: 'DECIMAL(16,6)',
      over: 'DECIMAL(20,8)',
      rem: 'DECIMAL(5,4)',
      neg: 'DECIMAL(10,2)',
      big: 'DECIMAL(38,6)',
      bigdiv: 'DECIMAL(38,6)',
      co: 'DECIMAL(12,4)',
      ca: 'DECIMAL(12,2)',
    });
  });

  it('DECIMAL aggregates and round: sum DECIMAL(p+10,s), avg DECIMAL(p+4,s+4), round at the constant digits', () => {
    const decimals = 'CREATE STREAM t (k STRING, a DECIMAL(10,2), d DOUBLE, n INT);\n';
    const q = analyze(
      `${decimals}SELECT k, sum(a) AS s, avg(a) AS av, min(a) AS mi, round(max(a), 1) AS r1, round(max(a)) AS r0, round(max(a), 5) AS r5, round(max(a), -1) AS rneg, round(max(d), 1) AS rd FROM KAFKA t GROUP BY k INTO CONSOLE`,
    );
    expect(outputTypes(q)).toMatchObject({
      s: 'DECIMAL(20,2)',
      av: 'DECIMAL(14,6)',
      mi: 'DECIMAL(10,2)',
      r1: 'DECIMAL(10,1)',
      r0: 'DECIMAL(9,0)',
      r5: 'DECIMAL(11,2)',
      rneg: 'DECIMAL(9,0)',
      rd: 'DOUBLE',
    });
    const digitsFromAColumn = analyze(`${decimals}SELECT round(a, n) AS r FROM KAFKA t INTO CONSOLE`);
    expect(outputTypes(digitsFromAColumn)).toEqual({ r: 'DECIMAL(11,2)' });
  });

  it('aggregate result types: count BIGINT, sum of whole numbers BIGINT, avg DOUBLE, min/max keep the type', () => {
    const q = analyze(
      `${stream}SELECT window(ts, '1 minute'), count(*) AS c, count(s) AS cs, sum(i) AS si, sum(d) AS sd, sum(m) AS sm, avg(i) AS ai, min(s) AS mins, max(ts) AS maxts FROM KAFKA t INTO CONSOLE`,
    );
    expect(outputTypes(q)).toEqual({
      window_start: 'TIMESTAMP',
      window_end: 'TIMESTAMP',
      c: 'BIGINT',
      cs: 'BIGINT',
      si: 'BIGINT',
      sd: 'DOUBLE',
      sm: 'DECIMAL(20,2)',
      ai: 'DOUBLE',
      mins: 'STRING',
      maxts: 'TIMESTAMP',
    });
  });

  it('type errors on declared columns', () => {
    expect(errorCodes(`${stream}SELECT s + 1 AS x FROM KAFKA t INTO CONSOLE`)).toEqual(['K3001']);
    expect(errorCodes(`${stream}SELECT i FROM KAFKA t WHERE s > 1 INTO CONSOLE`)).toEqual(['K3001']);
    expect(errorCodes(`${stream}SELECT i FROM KAFKA t WHERE i INTO CONSOLE`)).toEqual(['K3001']);
    expect(errorCodes(`${stream}SELECT sum(s) AS x FROM KAFKA t INTO CONSOLE MODE UPDATE KEY (x)`)).toEqual(['K3001']);
    expect(errorCodes(`${stream}SELECT CASE WHEN i > 1 THEN 'a' ELSE 2 END AS x FROM KAFKA t INTO CONSOLE`)).toEqual(['K3001']);
    // A string literal compared with a TIMESTAMP is read as one.
    expect(errorCodes(`${stream}SELECT i FROM KAFKA t WHERE ts > '2024-01-01T00:00:00Z' INTO CONSOLE`)).toEqual([]);
  });

  it('a window over a declared stream uses its watermark; over another column it is an error', () => {
    expect(analyze(`${stream}SELECT window(ts, '1 minute'), count(*) AS n FROM KAFKA t INTO CONSOLE`).watermark).toEqual({
      column: 'ts',
      delayMs: 5000,
    });
    const other =
      "CREATE STREAM u (a TIMESTAMP, b TIMESTAMP, WATERMARK FOR a AS a);\nSELECT window(b, '1 minute'), count(*) AS n FROM KAFKA u INTO CONSOLE";
    expect(errorCodes(other)).toEqual(['K3001']);
  });

  it('an undeclared windowed stream gets the default watermark delay on the window column', () => {
    expect(analyze("SELECT window(at, '1 minute'), count(*) AS n FROM KAFKA s INTO CONSOLE").watermark).toEqual({
      column: 'at',
      delayMs: DEFAULT_WATERMARK_DELAY_MS,
    });
    expect(analyze('SELECT a FROM KAFKA s INTO CONSOLE').watermark).toBeUndefined();
  });

  it('a stream from the catalog option is known without CREATE STREAM in the text', () => {
    const first = compile('CREATE STREAM k (a INT, b STRING);\nSELECT a FROM KAFKA k INTO CONSOLE');
    const catalog = { ...emptyCatalog(), streams: new Map(first.streams.map((s) => [s.name, s])) };
    const r = compile('SELECT * FROM KAFKA k INTO CONSOLE', { catalog });
    expect(r.diagnostics).toEqual([]);
    expect(r.queries[0]!.analyzed.outputs.map((o) => o.name)).toEqual(['a', 'b']);
    expect(compile('CREATE STREAM k (a INT);\nSELECT a FROM KAFKA k INTO CONSOLE', { catalog }).diagnostics.map((d) => d.code)).toEqual([
      'K2004',
    ]);
  });
});

describe('analyzer: aggregation', () => {
  it('derived UPDATE key = group keys + window_start', () => {
    const q = analyze(
      "SELECT region, window(ts, '5 minutes'), sku, sum(x) AS total FROM KAFKA s GROUP BY region, sku, window(ts, '5 minutes') INTO POSTGRES t MODE UPDATE",
    );
    expect(sinkOf(q)).toEqual({ connector: 'postgres', target: 't', mode: 'update', key: ['region', 'sku', 'window_start'] });
  });

  it('without a window the mode defaults to UPDATE and the key is the group keys', () => {
    const q = analyze('SELECT region, sum(x) AS total FROM KAFKA s GROUP BY region INTO POSTGRES t');
    expect(sinkOf(q)).toEqual({ connector: 'postgres', target: 't', mode: 'update', key: ['region'] });
  });

  it('with a window the mode defaults to APPEND, with no key', () => {
    const q = analyze("SELECT window(ts, '5 minutes'), sum(x) AS total FROM KAFKA s INTO POSTGRES t");
    expect(sinkOf(q)).toEqual({ connector: 'postgres', target: 't', mode: 'append', key: [] });
  });

  it('an explicit KEY wins over the derived one and must name output columns', () => {
    expect(analyze('SELECT a, b, count(*) AS n FROM KAFKA s GROUP BY a, b INTO POSTGRES t MODE UPDATE KEY (b)').sink.key).toEqual(['b']);
    const r = compile('SELECT a, count(*) AS n FROM KAFKA s GROUP BY a INTO POSTGRES t MODE UPDATE KEY (aa)');
    expect(r.diagnostics).toMatchObject([{ code: 'K2001', hint: "Did you mean 'a'?" }]);
  });

  it('a derived key column missing from the select list is an error', () => {
    expect(errorCodes('SELECT count(*) AS n FROM KAFKA s GROUP BY a INTO POSTGRES t MODE UPDATE')).toEqual(['K4007']);
  });

  it('sliding and tumbling windows', () => {
    const sliding = analyze("SELECT window(ts, '10 minutes', '5 minutes'), count(*) AS n FROM KAFKA s INTO CONSOLE").aggregation!.window;
    expect(sliding).toEqual({ kind: 'sliding', timeColumn: 'ts', sizeMs: 600_000, slideMs: 300_000 });
    // A slide equal to the size is a tumbling window.
    const tumbling = analyze("SELECT window(ts, '5 minutes', '5 minutes'), count(*) AS n FROM KAFKA s INTO CONSOLE").aggregation!.window;
    expect(tumbling).toEqual({ kind: 'tumbling', timeColumn: 'ts', sizeMs: 300_000 });
  });

  it('the same aggregate is computed once; unaliased ones are named after fn and column, else fn and position', () => {
    const q = analyze(
      'SELECT a, sum(x), sum(x) + 1 AS sx1, count(*), count(DISTINCT x), avg(x * 2) FROM KAFKA s GROUP BY a HAVING sum(x) > 0 INTO CONSOLE MODE UPDATE',
    );
    const agg = q.aggregation!;
    expect(agg.aggregates.map((a) => `${a.fn}${a.distinct ? ' distinct' : ''} -> ${a.name}`)).toEqual([
      'sum -> sum_x',
      'count -> count',
      'count distinct -> count_x',
      'avg -> avg_4',
    ]);
    expect(formatExpr(agg.having!)).toBe('sum_x > 0');
    expect(q.outputs.map((o) => `${o.name}=${formatExpr(o.expr)}`)).toEqual([
      'a=a',
      'sum_x=sum_x',
      'sx1=sum_x + 1',
      'count=count',
      'count_x=count_x',
      'avg_4=avg_4',
    ]);
  });

  it('a group key expression is reused in the select list', () => {
    const q = analyze('SELECT upper(c) AS cu, count(*) AS n FROM KAFKA s GROUP BY upper(c) INTO CONSOLE MODE UPDATE KEY (cu)');
    expect(q.aggregation!.groupBy.map((g) => `${g.name}=${formatExpr(g.expr)}`)).toEqual(['key_1=upper(c)']);
    // An aliased aggregate takes the alias as its name.
    expect(q.outputs.map((o) => `${o.name}=${formatExpr(o.expr)}`)).toEqual(['cu=key_1', 'n=n']);
  });

  it('two different windows are an error', () => {
    // (The second window's window_start/window_end also come out as duplicate columns, K2003.)
    expect(errorCodes("SELECT window(ts, '1 minute'), window(ts, '2 minutes'), count(*) AS n FROM KAFKA s INTO CONSOLE")).toContain(
      'K4005',
    );
    expect(errorCodes("SELECT count(*) AS n FROM KAFKA s GROUP BY window(ts, '1 minute'), window(ts, '2 minutes') INTO CONSOLE")).toEqual([
      'K4005',
    ]);
  });

  it.each([
    ['SELECT a, b, count(*) AS n FROM KAFKA s GROUP BY a INTO CONSOLE MODE UPDATE', ['K4001']],
    ['SELECT a FROM KAFKA s WHERE count(*) > 1 INTO CONSOLE', ['K4003']],
    ['SELECT sum(count(*)) AS x FROM KAFKA s GROUP BY a INTO CONSOLE MODE UPDATE KEY (x)', ['K4002']],
    ["SELECT a FROM KAFKA s WHERE window(ts, '1 minute') IS NULL INTO CONSOLE", ['K4004']],
    ['SELECT a, count(*) AS n FROM KAFKA s GROUP BY a INTO POSTGRES t MODE APPEND', ['K4006']],
    ['SELECT a FROM KAFKA s INTO POSTGRES t MODE UPDATE', ['K4007']],
    ['SELECT a FROM KAFKA s HAVING a > 1 INTO CONSOLE', ['K4008']],
    ['SELECT a FROM KAFKA s INTO POSTGRES t MODE COMPLETE', ['K4009']],
    ['SELECT count(a, b) AS n FROM KAFKA s GROUP BY c INTO CONSOLE MODE UPDATE KEY (n)', ['K3002']],
    ['SELECT window(ts), count(*) AS n FROM KAFKA s INTO CONSOLE', ['K3002']],
    ["SELECT window(ts, 'soon'), count(*) AS n FROM KAFKA s INTO CONSOLE", ['K3003']],
  ])('%s → %j', (text, codes) => {
    expect(errorCodes(text)).toEqual(codes);
  });
});

describe('analyzer: queries and sinks', () => {
  it('the query id is the name option, else the target, else console_<stream>', () => {
    expect(analyze("SELECT a FROM KAFKA s INTO POSTGRES t WITH (name = 'q1')").id).toBe('q1');
    expect(analyze('SELECT a FROM KAFKA s INTO POSTGRES t').id).toBe('t');
    expect(analyze('SELECT a FROM KAFKA s INTO CONSOLE').id).toBe('console_s');
  });

  it('triggers and max_records_per_batch', () => {
    expect(analyze("SELECT a FROM KAFKA s INTO CONSOLE EVERY '1 minute 30 seconds' WITH (max_records_per_batch = 7)")).toMatchObject({
      trigger: { kind: 'every', millis: 90_000 },
      maxRecordsPerBatch: 7,
    });
    expect(analyze('SELECT a FROM KAFKA s INTO CONSOLE').trigger).toEqual({ kind: 'continuous' });
  });

  it('output names: aliases, columns by name, expressions by position', () => {
    const q = analyze('SELECT a, b AS bee, a + 1, upper(c) FROM KAFKA s INTO CONSOLE');
    expect(q.outputs.map((o) => o.name)).toEqual(['a', 'bee', 'expr_3', 'expr_4']);
  });

  it('no query is returned while any statement has an error', () => {
    const r = compile('SELECT a FROM KAFKA s INTO CONSOLE;\nSELECT nope( FROM KAFKA s INTO CONSOLE;');
    expect(r.queries).toEqual([]);
    const r2 = compile('SELECT a FROM KAFKA s INTO CONSOLE;\nSELECT b FROM KAFKA s INTO POSTGRES t MODE UPDATE;');
    expect(r2.queries).toEqual([]);
    expect(r2.diagnostics.map((d) => [d.code, d.span.line])).toEqual([
      ['K4023', 2],
      ['K4007', 2],
    ]);
  });

  it('K4023 warns where a column of an undeclared stream is written as STRING only because nothing typed it', () => {
    const codes = (text: string) => compile(text).diagnostics.map((d) => [d.code, d.severity, d.message.match(/'(\w+)'/)?.[1]]);
    expect(codes('SELECT id, amount FROM KAFKA s WHERE amount > 0 INTO POSTGRES t;')).toEqual([['K4023', 'warning', 'id']]);
    expect(codes("SELECT id FROM KAFKA s WHERE id = 'x' INTO POSTGRES t;"), 'typed by its use').toEqual([]);
    expect(codes('SELECT id FROM KAFKA s INTO CONSOLE;'), 'the console prints text anyway').toEqual([]);
    expect(codes('CREATE STREAM s (id DOUBLE); SELECT id FROM KAFKA s INTO POSTGRES t;'), 'declared').toEqual([]);
    expect(codes('CREATE TABLE t (id DOUBLE) IN POSTGRES; SELECT id FROM KAFKA s INTO POSTGRES t;'), 'typed by the declared table').toEqual(
      [],
    );
    expect(codes('SELECT k, count(*) AS n FROM KAFKA s GROUP BY k INTO POSTGRES t;'), 'a group key').toEqual([]);
    expect(compile('SELECT id, amount FROM KAFKA s WHERE amount > 0 INTO POSTGRES t;').queries).toHaveLength(1);
  });

  it('K4022: two queries naming one consumer group; group_id is the group, used as written', () => {
    const stream = "CREATE STREAM p (id STRING, amount DOUBLE) WITH (group_id = 'billing');\n";
    const r = compile(`${stream}SELECT id FROM KAFKA p INTO POSTGRES a;\nSELECT id FROM KAFKA p INTO POSTGRES b;`);
    expect(r.diagnostics.map((d) => [d.code, d.span.line, d.hint])).toEqual([['K4022', 3, expect.stringContaining('group_id')]]);
    const one = compile(`${stream}SELECT id FROM KAFKA p INTO POSTGRES a;\nSELECT amount FROM KAFKA q INTO POSTGRES b;`);
    expect(one.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(one.queries[0]!.analyzed.source).toMatchObject({ groupId: 'billing' });
  });

  it('a file with only declarations warns that there is nothing to run', () => {
    const r = compile('CREATE STREAM s (a INT);');
    expect(r.queries).toEqual([]);
    expect(r.diagnostics).toMatchObject([{ code: 'K4010', severity: 'warning' }]);
  });

  it('diagnostics come back sorted by position', () => {
    const r = compile('CREATE STREAM s (a INT, b STRING);\nSELECT zz, a + b AS x, yy FROM KAFKA s WHERE q INTO CONSOLE WITH (nam = 1)');
    const offsets = r.diagnostics.map((d) => d.span.offset);
    expect(offsets.length).toBeGreaterThanOrEqual(4);
    expect([...offsets].sort((x, y) => x - y)).toEqual(offsets);
  });
});

describe('type rules', () => {
  const types: SqlType[] = [INT, BIGINT, decimal(10, 2), DOUBLE];

  it('widen is symmetric and picks the wider numeric type; a DECIMAL widens to hold the other operand', () => {
    for (let i = 0; i < types.length; i++) {
      for (let j = 0; j < types.length; j++) {
        const wider = types[Math.max(i, j)]!;
        expect(widen(types[i]!, types[j]!).kind).toEqual(wider.kind);
        expect(widen(types[i]!, types[j]!)).toEqual(widen(types[j]!, types[i]!));
        expect(unify(types[i]!, types[j]!)).toEqual(widen(types[i]!, types[j]!));
        if (wider.kind !== 'DECIMAL') expect(widen(types[i]!, types[j]!)).toEqual(wider);
      }
    }
    expect(widen(decimal(10, 2), decimal(10, 2))).toEqual(decimal(10, 2));
    expect(widen(INT, decimal(10, 2))).toEqual(decimal(12, 2));
    expect(widen(BIGINT, decimal(10, 2))).toEqual(decimal(22, 2));
    expect(widen(decimal(38, 0), decimal(38, 10))).toEqual(decimal(38, 10));
  });

  it('comparable: numbers with numbers, otherwise the same kind', () => {
    expect(comparable(INT, DOUBLE)).toBe(true);
    expect(comparable(STRING, STRING)).toBe(true);
    expect(comparable(STRING, INT)).toBe(false);
    expect(comparable(TIMESTAMP, STRING)).toBe(false);
    expect(unify(STRING, INT)).toBeUndefined();
  });
});
