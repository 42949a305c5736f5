import { describe, expect, it } from 'vitest';
import { compile } from '../../src/compile.js';
import { compileExpr } from '../../src/expr/compileExpr.js';
import type { Row } from '../../src/core/Schema.js';

/**
 * Expressions are compiled through the real front end: a declared stream gives
 * the columns their types, the analyzer binds the expression, and compileExpr
 * turns it into a closure over a row of the stream's columns.
 */
const STREAM = 'CREATE STREAM t (a DOUBLE, b DOUBLE, s STRING, p STRING, f BOOLEAN, g BOOLEAN, ts TIMESTAMP);\n';
const COLUMNS = ['a', 'b', 's', 'p', 'f', 'g', 'ts'] as const;
type Values = Partial<Record<(typeof COLUMNS)[number], unknown>>;

function evaluator(expr: string): (values?: Values) => unknown {
  const r = compile(`${STREAM}SELECT ${expr} AS r FROM KAFKA t INTO CONSOLE`);
  const errors = r.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new Error(`${expr}: ${errors.map((d) => d.message).join('; ')}`);
  const q = r.queries[0]!.analyzed;
  const fn = compileExpr(q.outputs[0]!.expr, q.sourceColumns);
  return (values = {}) => {
    const row: Row = q.sourceColumns.map((c) => (c.name in values ? values[c.name as keyof Values] : null));
    return fn(row);
  };
}

const evaluate = (expr: string, values?: Values) => evaluator(expr)(values);

const TRUTH = [true, false, null] as const;
type Truth = (typeof TRUTH)[number];

/** Kleene's three-valued logic, written out independently of the implementation. */
function kleeneAnd(x: Truth, y: Truth): Truth {
  if (x === false || y === false) return false;
  if (x === null || y === null) return null;
  return true;
}
function kleeneOr(x: Truth, y: Truth): Truth {
  if (x === true || y === true) return true;
  if (x === null || y === null) return null;
  return false;
}

describe('compileExpr: three-valued logic', () => {
  const and = evaluator('f AND g');
  const or = evaluator('f OR g');
  const not = evaluator('NOT f');
  for (const f of TRUTH) {
    for (const g of TRUTH) {
      it(`${f} AND ${g}, ${f} OR ${g}`, () => {
        expect(and({ f, g })).toBe(kleeneAnd(f, g));
        expect(or({ f, g })).toBe(kleeneOr(f, g));
      });
    }
    it(`NOT ${f}`, () => {
      expect(not({ f })).toBe(f === null ? null : !f);
    });
  }

  it('FALSE AND … does not need the right side; TRUE OR … neither', () => {
    // b / 0 is NULL, not an exception; what matters is the result.
    expect(evaluate('f AND a / 0 > 1', { f: false, a: 1 })).toBe(false);
    expect(evaluate('f OR a / 0 > 1', { f: true, a: 1 })).toBe(true);
    expect(evaluate('f OR a / 0 > 1', { f: false, a: 1 })).toBe(null);
  });

  it('comparisons with NULL are NULL', () => {
    for (const op of ['=', '<>', '<', '<=', '>', '>=']) {
      expect(evaluate(`a ${op} b`, { a: 1, b: null }), op).toBe(null);
      expect(evaluate(`a ${op} b`, { a: null, b: 1 }), op).toBe(null);
    }
  });

  it('comparisons of values', () => {
    const cases: [number, number][] = [
      [1, 2],
      [2, 2],
      [3, 2],
      [-0.5, 0.5],
    ];
    for (const [a, b] of cases) {
      expect(evaluate('a = b', { a, b })).toBe(a === b);
      expect(evaluate('a <> b', { a, b })).toBe(a !== b);
      expect(evaluate('a < b', { a, b })).toBe(a < b);
      expect(evaluate('a <= b', { a, b })).toBe(a <= b);
      expect(evaluate('a > b', { a, b })).toBe(a > b);
      expect(evaluate('a >= b', { a, b })).toBe(a >= b);
    }
    expect(evaluate("s = 'x'", { s: 'x' })).toBe(true);
    expect(evaluate("s < 'b'", { s: 'a' })).toBe(true);
  });

  it('IS NULL and IS NOT NULL are never NULL', () => {
    expect(evaluate('a IS NULL', { a: null })).toBe(true);
    expect(evaluate('a IS NULL', { a: 0 })).toBe(false);
    expect(evaluate('s IS NOT NULL', { s: '' })).toBe(true);
    expect(evaluate('s IS NOT NULL', { s: null })).toBe(false);
  });
});

describe('compileExpr: arithmetic', () => {
  it('computes with SQL precedence', () => {
    for (const [a, b] of [
      [3, 4],
      [-2, 0.5],
      [10, 3],
    ] as const) {
      expect(evaluate('a + b * 2 - a / b', { a, b })).toBeCloseTo(a + b * 2 - a / b, 12);
      expect(evaluate('(a + b) * -a', { a, b })).toBeCloseTo((a + b) * -a, 12);
      expect(evaluate('a % b', { a, b })).toBeCloseTo(a % b, 12);
    }
  });

  it('NULL in any operand makes the result NULL', () => {
    for (const op of ['+', '-', '*', '/', '%']) {
      expect(evaluate(`a ${op} b`, { a: null, b: 2 }), op).toBe(null);
      expect(evaluate(`a ${op} b`, { a: 2, b: null }), op).toBe(null);
      expect(evaluate(`a ${op} NULL`, { a: 2 }), op).toBe(null);
    }
    expect(evaluate('-a', { a: null })).toBe(null);
    expect(evaluate("s || 'x'", { s: null })).toBe(null);
  });

  it('division and modulo by zero are NULL, not Infinity or NaN', () => {
    expect(evaluate('a / b', { a: 1, b: 0 })).toBe(null);
    expect(evaluate('a / b', { a: 0, b: 0 })).toBe(null);
    expect(evaluate('a % b', { a: 5, b: 0 })).toBe(null);
    expect(evaluate('a / 0', { a: -1 })).toBe(null);
  });

  it('string concatenation', () => {
    expect(evaluate("s || '-' || p", { s: 'ab', p: 'cd' })).toBe('ab-cd');
  });

  it('timestamp plus or minus an interval', () => {
    const ts = Date.UTC(2024, 0, 31, 23, 30);
    expect(evaluate("ts + INTERVAL '1 hour'", { ts })).toBe(Date.UTC(2024, 1, 1, 0, 30));
    expect(evaluate("ts - INTERVAL '30' SECOND", { ts })).toBe(ts - 30_000);
    expect(evaluate("ts + INTERVAL '1 hour'", { ts: null })).toBe(null);
  });
});

/** An independent LIKE: % is any run of characters, _ exactly one; everything else literal. */
function likeMatches(value: string, pattern: string): boolean {
  if (pattern === '') return value === '';
  const [p, ...rest] = pattern;
  const tail = rest.join('');
  if (p === '%') {
    for (let i = 0; i <= value.length; i++) if (likeMatches(value.slice(i), tail)) return true;
    return false;
  }
  if (value === '') return false;
  return (p === '_' || p === value[0]) && likeMatches(value.slice(1), tail);
}

describe('compileExpr: LIKE', () => {
  const values = ['', 'a', 'abc', 'abcabc', 'a.c', 'a+c', 'xyz', 'ab\nc', '100%', 'A_C', '(a)', 'a\\c'];
  const patterns = ['%', '_', 'a%', '%c', 'a_c', '%b%', '___', 'a.c', 'a+c', '100\\%', '%\\%', '(a)', 'a\\c', '%a%c', '_%_', ''];
  const like = evaluator('s LIKE p');
  const notLike = evaluator('s NOT LIKE p');
  it.each(patterns)("pattern '%s' against every value", (p) => {
    for (const s of values) {
      expect(like({ s, p }), `'${s}' LIKE '${p}'`).toBe(likeMatches(s, p));
      expect(notLike({ s, p }), `'${s}' NOT LIKE '${p}'`).toBe(!likeMatches(s, p));
    }
  });

  it('NULL value or pattern is NULL', () => {
    expect(like({ s: null, p: '%' })).toBe(null);
    expect(like({ s: 'a', p: null })).toBe(null);
    expect(notLike({ s: null, p: '%' })).toBe(null);
  });

  it('a constant pattern', () => {
    expect(evaluate("s LIKE '%@example.com'", { s: 'x@example.com' })).toBe(true);
    expect(evaluate("s LIKE '%@example.com'", { s: 'x@exampleXcom' })).toBe(false);
  });
});

describe('compileExpr: IN and BETWEEN', () => {
  it('IN with a NULL in the list: TRUE when found, else NULL (never FALSE)', () => {
    const inList = evaluator('a IN (1, NULL, 3)');
    expect(inList({ a: 1 })).toBe(true);
    expect(inList({ a: 3 })).toBe(true);
    expect(inList({ a: 2 })).toBe(null);
    expect(inList({ a: null })).toBe(null);
    const notIn = evaluator('a NOT IN (1, NULL)');
    expect(notIn({ a: 1 })).toBe(false);
    expect(notIn({ a: 2 })).toBe(null);
  });

  it('IN without NULLs', () => {
    const inList = evaluator("s IN ('x', 'y')");
    expect(inList({ s: 'x' })).toBe(true);
    expect(inList({ s: 'z' })).toBe(false);
    expect(inList({ s: null })).toBe(null);
    expect(evaluate("s NOT IN ('x', 'y')", { s: 'z' })).toBe(true);
    expect(evaluate('a IN (b, b + 1)', { a: 3, b: 2 })).toBe(true);
  });

  it('BETWEEN is inclusive at both ends; NULL anywhere is NULL', () => {
    const between = evaluator('a BETWEEN 1 AND 3');
    for (const a of [0, 1, 2, 3, 4, 0.999, 3.001]) expect(between({ a }), String(a)).toBe(a >= 1 && a <= 3);
    expect(between({ a: null })).toBe(null);
    expect(evaluate('a BETWEEN b AND 3', { a: 2, b: null })).toBe(null);
    expect(evaluate('a NOT BETWEEN 1 AND 3', { a: 5 })).toBe(true);
  });
});

describe('compileExpr: CASE', () => {
  it('searched CASE takes the first TRUE branch; NULL conditions fall through', () => {
    const c = evaluator("CASE WHEN a > 10 THEN 'big' WHEN a > 5 THEN 'medium' ELSE 'small' END");
    expect(c({ a: 11 })).toBe('big');
    expect(c({ a: 10 })).toBe('medium');
    expect(c({ a: 1 })).toBe('small');
    expect(c({ a: null })).toBe('small');
  });

  it('without ELSE, no match is NULL', () => {
    const c = evaluator("CASE WHEN f THEN 'yes' END");
    expect(c({ f: true })).toBe('yes');
    expect(c({ f: false })).toBe(null);
    expect(c({ f: null })).toBe(null);
  });

  it('CASE with an operand compares with =; a NULL operand matches nothing', () => {
    const c = evaluator("CASE s WHEN 'N' THEN 1 WHEN 'S' THEN 2 ELSE 0 END");
    expect(c({ s: 'N' })).toBe(1);
    expect(c({ s: 'S' })).toBe(2);
    expect(c({ s: 'X' })).toBe(0);
    expect(c({ s: null })).toBe(0);
  });

  it('only the chosen branch matters', () => {
    expect(evaluate('CASE WHEN b = 0 THEN 0 ELSE a / b END', { a: 6, b: 0 })).toBe(0);
    expect(evaluate('CASE WHEN b = 0 THEN 0 ELSE a / b END', { a: 6, b: 3 })).toBe(2);
  });
});

describe('compileExpr: CAST', () => {
  it('strings to numbers; what does not parse is NULL', () => {
    const toDouble = evaluator('CAST(s AS DOUBLE)');
    const toInt = evaluator('CAST(s AS INT)');
    expect(toDouble({ s: '42' })).toBe(42);
    expect(toDouble({ s: ' 3.5 ' })).toBe(3.5);
    expect(toDouble({ s: '-1e3' })).toBe(-1000);
    expect(toDouble({ s: 'abc' })).toBe(null);
    expect(toDouble({ s: '' })).toBe(null);
    expect(toDouble({ s: null })).toBe(null);
    expect(toInt({ s: '3.9' })).toBe(3);
    expect(toInt({ s: '-3.9' })).toBe(-3);
    expect(toInt({ s: '12abc' })).toBe(null);
  });

  it('strings to timestamps (ISO-8601) and dates', () => {
    const toTs = evaluator('CAST(s AS TIMESTAMP)');
    expect(toTs({ s: '2024-03-01T12:00:00Z' })).toBe(Date.UTC(2024, 2, 1, 12));
    expect(toTs({ s: '2024-03-01T12:00:00.250+02:00' })).toBe(Date.UTC(2024, 2, 1, 10, 0, 0, 250));
    expect(toTs({ s: 'not a date' })).toBe(null);
    expect(evaluate('CAST(s AS DATE)', { s: '2024-03-01T23:00:00Z' })).toBe('2024-03-01');
  });

  it('numbers and booleans to strings, strings to booleans', () => {
    expect(evaluate('CAST(a AS STRING)', { a: 2.5 })).toBe('2.5');
    expect(evaluate('CAST(f AS STRING)', { f: true })).toBe('true');
    expect(evaluate('CAST(s AS BOOLEAN)', { s: 'true' })).toBe(true);
    expect(evaluate('CAST(s AS BOOLEAN)', { s: 'false' })).toBe(false);
    expect(evaluate('CAST(s AS BOOLEAN)', { s: 'maybe' })).toBe(null);
  });

  it('a string literal compared with a timestamp column is read as a timestamp', () => {
    const after = evaluator("ts > '2024-01-01T00:00:00Z'");
    expect(after({ ts: Date.UTC(2024, 0, 1, 0, 0, 1) })).toBe(true);
    expect(after({ ts: Date.UTC(2023, 11, 31) })).toBe(false);
  });
});

describe('compileExpr: scalar functions', () => {
  it('string functions; NULL in, NULL out', () => {
    expect(evaluate('upper(s)', { s: 'abc' })).toBe('ABC');
    expect(evaluate('lower(s)', { s: 'AbC' })).toBe('abc');
    expect(evaluate('trim(s)', { s: '  x y  ' })).toBe('x y');
    expect(evaluate('length(s)', { s: 'héllo' })).toBe(5);
    expect(evaluate('upper(s)', { s: null })).toBe(null);
    expect(evaluate('length(s)', { s: null })).toBe(null);
  });

  it('substr counts from 1', () => {
    expect(evaluate('substr(s, 1, 3)', { s: 'abcdef' })).toBe('abc');
    expect(evaluate('substr(s, 3)', { s: 'abcdef' })).toBe('cdef');
    expect(evaluate('substr(s, 2, 2)', { s: 'abcdef' })).toBe('bc');
  });

  it('concat reads NULL as empty; coalesce and nvl pick the first non-NULL', () => {
    expect(evaluate("concat(s, '-', p)", { s: 'a', p: null })).toBe('a-');
    expect(evaluate("coalesce(s, p, 'z')", { s: null, p: 'b' })).toBe('b');
    expect(evaluate("coalesce(s, p, 'z')", { s: null, p: null })).toBe('z');
    expect(evaluate('coalesce(s, p)', { s: null, p: null })).toBe(null);
    expect(evaluate('nvl(a, 0)', { a: null })).toBe(0);
    expect(evaluate('nvl(a, 0)', { a: 7 })).toBe(7);
  });

  it('numeric functions', () => {
    expect(evaluate('abs(a)', { a: -2.5 })).toBe(2.5);
    expect(evaluate('round(a, 2)', { a: 3.14159 })).toBe(3.14);
    expect(evaluate('round(a)', { a: 2.5 })).toBe(3);
    // Half away from zero, as Oracle's ROUND and Spark's round do (Math.round gives -2).
    expect(evaluate('round(a)', { a: -2.5 })).toBe(-3);
    expect(evaluate('round(a, 1)', { a: -0.25 })).toBe(-0.3);
    expect(evaluate('floor(a)', { a: -1.5 })).toBe(-2);
    expect(evaluate('ceil(a)', { a: -1.5 })).toBe(-1);
    expect(evaluate('round(a, 1)', { a: null })).toBe(null);
  });

  it('now() is the current time', () => {
    const before = Date.now();
    const t = evaluate('now()') as number;
    expect(t).toBeGreaterThanOrEqual(before);
    expect(t).toBeLessThanOrEqual(Date.now());
  });
});
