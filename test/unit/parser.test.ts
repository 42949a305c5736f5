import { describe, expect, it } from 'vitest';
import type { Expr, SelectStmt, Statement } from '../../src/compiler/ast/Ast.js';
import { parse } from '../../src/compiler/parser/parse.js';

/** The statements of `text`, failing the test on any syntax error. */
function statements(text: string): readonly Statement[] {
  const r = parse(text);
  expect(r.diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([]);
  return r.script!.statements;
}

function select(text: string): SelectStmt {
  const [s] = statements(text);
  expect(s!.kind).toBe('SelectStmt');
  return s as SelectStmt;
}

/** The WHERE expression of `SELECT a FROM KAFKA s WHERE <cond> INTO CONSOLE`. */
function where(cond: string): Expr {
  return select(`SELECT a FROM KAFKA s WHERE ${cond} INTO CONSOLE`).where!;
}

/** An AST without spans, as a compact S-expression, so shapes read at a glance. */
function shape(e: Expr): string {
  switch (e.kind) {
    case 'ColumnRef':
      return e.qualifier ? `${e.qualifier}.${e.name}` : e.name;
    case 'Literal':
      return typeof e.value === 'string' ? `'${e.value}'` : String(e.value);
    case 'IntervalLit':
      return `interval(${e.millis})`;
    case 'UnaryExpr':
      return `(${e.op} ${shape(e.operand)})`;
    case 'BinaryExpr':
      return `(${e.op} ${shape(e.left)} ${shape(e.right)})`;
    case 'FunctionCall':
      return `${e.name}(${e.distinct ? 'DISTINCT ' : ''}${e.star ? '*' : e.args.map(shape).join(' ')})`;
    case 'IsNullExpr':
      return `(${e.negated ? 'IS NOT NULL' : 'IS NULL'} ${shape(e.operand)})`;
    case 'InExpr':
      return `(${e.negated ? 'NOT IN' : 'IN'} ${shape(e.operand)} [${e.list.map(shape).join(' ')}])`;
    case 'BetweenExpr':
      return `(${e.negated ? 'NOT BETWEEN' : 'BETWEEN'} ${shape(e.operand)} ${shape(e.low)} ${shape(e.high)})`;
    case 'LikeExpr':
      return `(${e.negated ? 'NOT LIKE' : 'LIKE'} ${shape(e.operand)} ${shape(e.pattern)})`;
    case 'CaseExpr':
      return `(CASE${e.operand ? ` ${shape(e.operand)}` : ''}${e.branches.map((b) => ` [${shape(b.when)} ${shape(b.then)}]`).join('')}${e.otherwise ? ` ELSE ${shape(e.otherwise)}` : ''})`;
    case 'CastExpr':
      return `(CAST ${shape(e.operand)} ${e.type.name}${e.type.params.length ? `(${e.type.params.join(',')})` : ''})`;
  }
}

describe('parser: operator precedence', () => {
  it.each([
    ['a + b * c = 1', '(= (+ a (* b c)) 1)'],
    ['a * b + c = 1', '(= (+ (* a b) c) 1)'],
    ['a - b - c = 1', '(= (- (- a b) c) 1)'],
    ['a / b % c = 1', '(= (% (/ a b) c) 1)'],
    ['(a + b) * c = 1', '(= (* (+ a b) c) 1)'],
    ['-a * b = 1', '(= (* (- a) b) 1)'],
    ["a || b || 'x' = c", "(= (|| (|| a b) 'x') c)"],
    ['NOT a = b AND c', '(AND (NOT (= a b)) c)'],
    ['a OR b AND c', '(OR a (AND b c))'],
    ['a AND b OR c AND d', '(OR (AND a b) (AND c d))'],
    ['NOT NOT a', '(NOT (NOT a))'],
    ['x NOT IN (1, 2, 3)', '(NOT IN x [1 2 3])'],
    ['NOT x IN (1, 2)', '(NOT (IN x [1 2]))'],
    ['x IN (a + 1, 2)', '(IN x [(+ a 1) 2])'],
    ['x BETWEEN 1 AND 2 AND y', '(AND (BETWEEN x 1 2) y)'],
    ['x NOT BETWEEN a + 1 AND b * 2', '(NOT BETWEEN x (+ a 1) (* b 2))'],
    ["name NOT LIKE 'a%' OR name LIKE '_b'", "(OR (NOT LIKE name 'a%') (LIKE name '_b'))"],
    ['x IS NULL OR y IS NOT NULL', '(OR (IS NULL x) (IS NOT NULL y))'],
    ['a + 1 IS NULL', '(IS NULL (+ a 1))'],
  ])('%s', (cond, expected) => {
    expect(shape(where(cond))).toBe(expected);
  });
});

describe('parser: CASE and CAST', () => {
  it('CASE without an operand: searched WHENs and ELSE', () => {
    const e = select("SELECT CASE WHEN a > 1 THEN 'x' WHEN b THEN 'y' ELSE 'z' END AS c FROM KAFKA s INTO CONSOLE").items[0]!.expr as Expr;
    expect(shape(e)).toBe("(CASE [(> a 1) 'x'] [b 'y'] ELSE 'z')");
    expect(e.kind === 'CaseExpr' && e.operand).toBeFalsy();
  });

  it('CASE with an operand, without ELSE', () => {
    const e = select("SELECT CASE status WHEN 'N' THEN 1 WHEN 'S' THEN 2 END AS c FROM KAFKA s INTO CONSOLE").items[0]!.expr as Expr;
    expect(shape(e)).toBe("(CASE status ['N' 1] ['S' 2])");
    expect(e.kind === 'CaseExpr' && e.otherwise).toBeFalsy();
  });

  it('CASE with an expression operand', () => {
    const e = select("SELECT CASE a + b WHEN 1 THEN 'one' ELSE 'many' END AS c FROM KAFKA s INTO CONSOLE").items[0]!.expr as Expr;
    expect(shape(e)).toBe("(CASE (+ a b) [1 'one'] ELSE 'many')");
  });

  it('CAST with type parameters; the type name is upper-cased', () => {
    const e = select('SELECT cast(x AS decimal(10, 2)) AS d FROM KAFKA s INTO CONSOLE').items[0]!.expr as Expr;
    expect(shape(e)).toBe('(CAST x DECIMAL(10,2))');
  });
});

describe('parser: literals and calls', () => {
  it('numbers, strings with doubled quotes, booleans, NULL', () => {
    const items = select("SELECT 1, 2.5, 1e3, .5, 'it''s', TRUE, false, NULL FROM KAFKA s INTO CONSOLE").items;
    expect(items.map((i) => (i.expr as Expr).kind === 'Literal' && (i.expr as { value: unknown }).value)).toEqual([
      1,
      2.5,
      1000,
      0.5,
      "it's",
      true,
      false,
      null,
    ]);
  });

  it('interval literals in both spellings', () => {
    expect(shape(where("ts > now() - INTERVAL '30' SECOND"))).toBe('(> ts (- now() interval(30000)))');
    expect(shape(where("ts > now() - INTERVAL '1 hour 30 minutes'"))).toBe('(> ts (- now() interval(5400000)))');
  });

  it('count(*), count(DISTINCT x), function names lower-cased', () => {
    const items = select('SELECT COUNT(*), Count(DISTINCT x), SUM(a + b) FROM KAFKA s INTO CONSOLE MODE UPDATE KEY (x)').items;
    expect(items.map((i) => shape(i.expr as Expr))).toEqual(['count(*)', 'count(DISTINCT x)', 'sum((+ a b))']);
  });

  it('a qualified column', () => {
    expect(shape(where('s.a = 1'))).toBe('(= s.a 1)');
  });
});

describe('parser: names and keywords', () => {
  it('keywords are case-insensitive', () => {
    const lower = select(
      "select a from kafka s where a > 1 group by a having count(*) > 1 into postgres t mode update key (a) every '5 seconds' with (name = 'q')",
    );
    const mixed = select(
      "SeLeCt a FrOm KaFkA s WhErE a > 1 GrOuP bY a HaViNg CoUnT(*) > 1 InTo PoStGrEs t MoDe UpDaTe KeY (a) EvErY '5 seconds' WiTh (NaMe = 'q')",
    );
    const strip = (x: unknown) => JSON.stringify(x, (k, v) => (k === 'span' || k === 'sinkSpan' || k === 'nameSpan' ? undefined : v));
    expect(strip(mixed)).toBe(strip(lower));
    expect(lower.into).toMatchObject({
      sink: 'postgres',
      target: { name: 't' },
      mode: { value: 'update' },
      key: [{ name: 'a' }],
      trigger: { kind: 'every', millis: 5000 },
    });
  });

  it('non-reserved keywords are usable as column names', () => {
    const s = select('SELECT key, mode, update, stream, watermark, kafka AS k FROM KAFKA s WHERE key = 1 AND mode IS NULL INTO CONSOLE');
    expect(s.items.map((i) => shape(i.expr as Expr))).toEqual(['key', 'mode', 'update', 'stream', 'watermark', 'kafka']);
    expect(shape(s.where!)).toBe('(AND (= key 1) (IS NULL mode))');
  });

  it('non-reserved keywords are usable as stream, table and key names', () => {
    const s = select('SELECT key, count(*) AS n FROM KAFKA stream GROUP BY key INTO POSTGRES mode MODE UPDATE KEY (key)');
    expect(s.from).toMatchObject({ kind: 'names', connector: { name: 'kafka' }, names: [{ name: 'stream' }] });
    expect(s.into).toMatchObject({ target: { name: 'mode' }, mode: { value: 'update' }, key: [{ name: 'key' }] });
  });

  it('clauses after a console sink are not taken for a target name', () => {
    expect(select("SELECT a FROM KAFKA s INTO CONSOLE EVERY '10 seconds'").into).toMatchObject({
      sink: 'console',
      trigger: { kind: 'every', millis: 10_000 },
    });
    expect(select("SELECT a FROM KAFKA s INTO CONSOLE EVERY '10 seconds'").into.target).toBeUndefined();
    expect(select('SELECT a, count(*) AS n FROM KAFKA s GROUP BY a INTO CONSOLE MODE UPDATE').into.target).toBeUndefined();
    expect(select('SELECT a, count(*) AS n FROM KAFKA s GROUP BY a INTO CONSOLE KEY (a)').into.key?.map((k) => k.name)).toEqual(['a']);
    expect(select('SELECT a FROM KAFKA s INTO CONSOLE ONCE').into).toMatchObject({ trigger: { kind: 'once' } });
    expect(select('SELECT a FROM KAFKA s INTO CONSOLE AVAILABLE NOW').into).toMatchObject({ trigger: { kind: 'availableNow' } });
    expect(select("SELECT a FROM KAFKA s INTO CONSOLE CONTINUOUS WITH (name = 'x')").into).toMatchObject({
      trigger: { kind: 'continuous' },
    });
    // ...while a table may still be called `once` when something only a target precedes follows.
    expect(select('SELECT a FROM KAFKA s INTO POSTGRES once MODE APPEND').into).toMatchObject({
      target: { name: 'once' },
      mode: { value: 'append' },
    });
  });

  it('unquoted names fold to lower case; quoted identifiers keep their case and may hold spaces', () => {
    const s = select('SELECT Amount, "CustomerName" AS "Customer Name", "a""b" FROM KAFKA Orders INTO POSTGRES "Target"');
    expect(s.items.map((i) => shape(i.expr as Expr))).toEqual(['amount', 'CustomerName', 'a"b']);
    expect(s.items[1]!.alias?.name).toBe('Customer Name');
    expect(s.from).toMatchObject({ kind: 'names', connector: { name: 'kafka' }, names: [{ name: 'orders' }] });
    expect(s.into.target?.name).toBe('Target');
  });

  it('an identifier that merely starts with a keyword stays an identifier', () => {
    expect(shape(where('selected = 1 AND order_id IS NOT NULL AND interval_ms > 0 AND fromage = 2'))).toBe(
      '(AND (AND (AND (= selected 1) (IS NOT NULL order_id)) (> interval_ms 0)) (= fromage 2))',
    );
  });
});

describe('parser: statements', () => {
  it('CREATE STREAM with types, NOT NULL, WATERMARK and options', () => {
    const s = statements(
      "CREATE STREAM orders (id BIGINT NOT NULL, price DECIMAL(10,2), ts TIMESTAMP, WATERMARK FOR ts AS ts - INTERVAL '5' SECOND) WITH (topic = 'o', group_id = 'g')",
    )[0]!;
    expect(s.kind).toBe('CreateStreamStmt');
    if (s.kind !== 'CreateStreamStmt') return;
    expect(s.columns.map((c) => [c.name.name, c.type.name, c.type.params, c.notNull])).toEqual([
      ['id', 'BIGINT', [], true],
      ['price', 'DECIMAL', [10, 2], false],
      ['ts', 'TIMESTAMP', [], false],
    ]);
    expect(s.watermark?.column.name).toBe('ts');
    expect(shape(s.watermark!.expr)).toBe('(- ts interval(5000))');
    expect(s.options.map((o) => [o.name.name, o.value.value])).toEqual([
      ['topic', 'o'],
      ['group_id', 'g'],
    ]);
  });

  it('several statements, with or without semicolons, and EXPLAIN', () => {
    const ss = statements(
      'SELECT a FROM KAFKA s INTO CONSOLE;; EXPLAIN SELECT b FROM KAFKA t INTO CONSOLE SELECT c FROM KAFKA u INTO CONSOLE;',
    );
    expect(ss.map((s) => s.kind)).toEqual(['SelectStmt', 'ExplainStmt', 'SelectStmt']);
  });

  it('WHERE, GROUP BY and HAVING expressions go to their own clauses', () => {
    const s = select('SELECT a, count(*) AS n FROM KAFKA s WHERE b > 1 GROUP BY a, c HAVING count(*) > 2 INTO CONSOLE MODE UPDATE');
    expect(shape(s.where!)).toBe('(> b 1)');
    expect(s.groupBy.map(shape)).toEqual(['a', 'c']);
    expect(shape(s.having!)).toBe('(> count(*) 2)');
  });

  it('spans are 1-based and cover the source text', () => {
    const text = 'SELECT a\nFROM KAFKA s\nWHERE  price >= 10 INTO CONSOLE';
    const e = select(text).where!;
    expect(e.span).toMatchObject({ line: 3, column: 8 });
    expect(text.substr(e.span.offset, e.span.length)).toBe('price >= 10');
  });
});

describe('parser: errors', () => {
  it('empty text and comments alone are no statements, not errors', () => {
    expect(parse('').diagnostics).toEqual([]);
    expect(parse('-- nothing\n/* at all */').script?.statements).toEqual([]);
  });

  it('a misspelt keyword gets a did-you-mean hint', () => {
    const [d] = parse('SELECT a FORM KAFKA s INTO CONSOLE').diagnostics;
    expect(d).toMatchObject({ code: 'K1002', hint: 'Did you mean FROM?', span: { line: 1, column: 10, length: 4 } });
  });

  it('a text that stops early is an unexpected end, pointed just past the text', () => {
    const text = 'SELECT a FROM KAFKA s\nWHERE a >';
    const ds = parse(text).diagnostics;
    expect(ds[0]).toMatchObject({ code: 'K1003', span: { line: 2, column: 10 } });
  });

  it('lexing errors: an unterminated string and a stray character', () => {
    expect(parse("SELECT 'abc FROM KAFKA s INTO CONSOLE").diagnostics[0]).toMatchObject({ code: 'K1004', span: { column: 8 } });
    expect(parse('SELECT a ? b FROM KAFKA s INTO CONSOLE').diagnostics[0]).toMatchObject({
      code: 'K1001',
      message: "Unexpected character '?'.",
    });
  });
});
