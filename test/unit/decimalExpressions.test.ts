import { describe, expect, it } from 'vitest';
import { compile } from '../../src/compile.js';
import { formatValue } from '../../src/connectors/console/textTable.js';
import { Decimal } from '../../src/core/Decimal.js';
import { formatType } from '../../src/core/SqlType.js';
import type { Row } from '../../src/core/Schema.js';
import { compileExpr } from '../../src/expr/compileExpr.js';

/**
 * DECIMAL expressions through the real front end: the declared stream types the
 * columns, the analyzer types the expression, compileExpr evaluates it on a row of
 * runtime values (a DECIMAL(p, s) column holds a Decimal of scale s).
 */
const STREAM = 'CREATE STREAM t (a DECIMAL(10,2), b DECIMAL(5,4), w DECIMAL(38,10), i INT, n BIGINT, x DOUBLE, s STRING);\n';

function evaluate(expr: string, values: Record<string, unknown> = {}): { value: unknown; type: string } {
  const r = compile(`${STREAM}SELECT ${expr} AS r FROM KAFKA t INTO CONSOLE`);
  const errors = r.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new Error(`${expr}: ${errors.map((d) => d.message).join('; ')}`);
  const q = r.queries[0]!.analyzed;
  const row: Row = q.sourceColumns.map((c) => {
    const v = values[c.name];
    return typeof v === 'string' && c.type.kind === 'DECIMAL' ? Decimal.parse(v)!.withScale(c.type.scale!) : (v ?? null);
  });
  return { value: compileExpr(q.outputs[0]!.expr, q.sourceColumns)(row), type: formatType(q.outputs[0]!.expr.type) };
}

/** The value as text, with the result type: `'519.18 DECIMAL(…)'`. */
const show = (expr: string, values?: Record<string, unknown>) => {
  const { value, type } = evaluate(expr, values);
  return `${value === null ? 'NULL' : String(value)} ${type}`;
};

describe('DECIMAL arithmetic is exact, in the result type', () => {
  it('+ - * / % keep the result scale', () => {
    expect(show('a + b', { a: '0.10', b: '0.2000' })).toBe('0.3000 DECIMAL(13,4)');
    expect(show('a - i', { a: '1.10', i: 3 })).toBe('-1.90 DECIMAL(13,2)');
    expect(show('a * b', { a: '2732.50', b: '0.1900' })).toBe('519.175000 DECIMAL(16,6)');
    expect(show('a / b', { a: '1.00', b: '3.0000' })).toBe('0.33333333 DECIMAL(20,8)');
    expect(show('a % i', { a: '-7.50', i: 2 })).toBe('-1.50 DECIMAL(10,2)');
    expect(show('-a', { a: '7.50' })).toBe('-7.50 DECIMAL(10,2)');
    expect(show('a * n', { a: '0.01', n: 9007199254740991 })).toBe('90071992547409.91 DECIMAL(31,2)');
  });

  it('digits beyond a double stay; beyond 38 digits the scale gives way, as in Spark', () => {
    expect(show('w - 1', { w: '1234567890123456789012345678.0123456789' })).toBe('1234567890123456789012345677.012345679 DECIMAL(38,9)');
    expect(show('w + w', { w: '1234567890123456789012345678.0123456789' })).toBe('2469135780246913578024691356.024691358 DECIMAL(38,9)');
    expect(show('w * 2', { w: '0.0000002500' })).toBe('0.000001 DECIMAL(38,6)');
    expect(show('b * b', { b: '0.0001' })).toBe('0.00000001 DECIMAL(11,8)');
  });

  it('division or % by zero is NULL; a result beyond its precision is NULL', () => {
    expect(show('a / i', { a: '1.00', i: 0 })).toBe('NULL DECIMAL(21,13)');
    expect(show('a % i', { a: '1.00', i: 0 })).toBe('NULL DECIMAL(10,2)');
    expect(show('w * w', { w: '9999999999999999999999999999.0000000000' })).toBe('NULL DECIMAL(38,6)');
  });

  it('with a DOUBLE the arithmetic is DOUBLE', () => {
    expect(evaluate('a * x', { a: '2.50', x: 2 })).toEqual({ value: 5, type: 'DOUBLE' });
    expect(evaluate('a + 0.5', { a: '0.25' })).toEqual({ value: 0.75, type: 'DOUBLE' });
    expect(evaluate('sqrt(a)', { a: '2.25' })).toEqual({ value: 1.5, type: 'DOUBLE' });
  });

  it('comparisons are exact across scales and with integers; with a DOUBLE they compare doubles', () => {
    expect(evaluate('a = b', { a: '1.50', b: '1.5000' }).value).toBe(true);
    expect(evaluate('a > i', { a: '3.01', i: 3 }).value).toBe(true);
    expect(evaluate('a <= 3', { a: '3.00' }).value).toBe(true);
    expect(evaluate('a = a + 0', { a: '12345678.91' }).value).toBe(true);
    // As doubles the two are equal.
    expect(evaluate('w > n', { w: '1234567890123.0000000001', n: 1234567890123 }).value).toBe(true);
    expect(evaluate('a BETWEEN 1 AND b', { a: '1.00', b: '1.0000' }).value).toBe(true);
    expect(evaluate('a IN (1, 2, i)', { a: '2.00', i: 5 }).value).toBe(true);
    expect(evaluate('a IN (1, i)', { a: '2.00', i: null }).value).toBe(null);
    expect(evaluate('a = x', { a: '0.10', x: 0.1 }).value).toBe(true);
    expect(evaluate('a < i', { a: null, i: 1 }).value).toBe(null);
  });

  it('CASE, coalesce, greatest and least meet in the wider DECIMAL', () => {
    expect(show('coalesce(a, b)', { a: null, b: '1.2345' })).toBe('1.2345 DECIMAL(12,4)');
    expect(show('CASE WHEN i > 0 THEN a ELSE i END', { a: '1.5', i: -4 })).toBe('-4.00 DECIMAL(12,2)');
    expect(show('greatest(a, b, i)', { a: '1.50', b: '1.5001', i: 1 })).toBe('1.5001 DECIMAL(14,4)');
    expect(show('least(a, i)', { a: '1.50', i: -3 })).toBe('-3.00 DECIMAL(12,2)');
    expect(show('nvl(a, 0)', { a: null })).toBe('0.00 DECIMAL(12,2)');
  });

  it('abs, floor, ceil; text keeps the scale', () => {
    expect(show('abs(a)', { a: '-0.50' })).toBe('0.50 DECIMAL(10,2)');
    expect(evaluate('floor(a)', { a: '-1.50' }).value).toBe(-2);
    expect(evaluate('ceil(a)', { a: '-1.50' }).value).toBe(-1);
    expect(evaluate("'€' || a", { a: '12.30' }).value).toBe('€12.30');
    expect(evaluate('CAST(a AS STRING)', { a: '12.30' }).value).toBe('12.30');
  });
});

describe('CAST to and from DECIMAL', () => {
  it('rounds half away from zero to the scale; NULL beyond the precision', () => {
    expect(show('CAST(1.239 AS DECIMAL(5, 2))')).toBe('1.24 DECIMAL(5,2)');
    expect(show('CAST(-1.235 AS DECIMAL(5, 2))')).toBe('-1.24 DECIMAL(5,2)');
    expect(show("CAST('123456789012345678901234.5' AS DECIMAL(38, 2))")).toBe('123456789012345678901234.50 DECIMAL(38,2)');
    expect(show('CAST(1234.5 AS DECIMAL(5, 2))')).toBe('NULL DECIMAL(5,2)');
    expect(show('CAST(s AS DECIMAL(5, 2))', { s: 'n/a' })).toBe('NULL DECIMAL(5,2)');
    expect(show('CAST(i AS DECIMAL(6, 3))', { i: 7 })).toBe('7.000 DECIMAL(6,3)');
  });

  it('to other types: integers truncate exactly, doubles are the nearest', () => {
    expect(evaluate('CAST(a AS INT)', { a: '-3.99' }).value).toBe(-3);
    expect(evaluate('CAST(w AS BIGINT)', { w: '9007199254740991.9999999999' }).value).toBe(9007199254740991);
    expect(evaluate('CAST(a AS DOUBLE)', { a: '0.10' }).value).toBe(0.1);
  });
});

/**
 * round(x, n) at ties, half away from zero as PostgreSQL, Oracle and Spark round:
 * a DECIMAL on its exact value, a DOUBLE on its shortest decimal representation.
 */
describe('round at ties', () => {
  const DOUBLE_TIES: [string, number | null][] = [
    ['round(2732.5 * 0.19, 2)', 519.18],
    ['round(-2.5)', -3],
    ['round(2.5)', 3],
    ['round(0.5)', 1],
    ['round(-0.5)', -1],
    ['round(1.5)', 2],
    ['round(0.125, 2)', 0.13],
    ['round(-0.125, 2)', -0.13],
    ['round(1.005, 2)', 1.01],
    ['round(2.675, 2)', 2.68],
    ['round(1.45, 1)', 1.5],
    ['round(-0.25, 1)', -0.3],
    ['round(1250, -2)', 1300],
    ['round(-1250, -2)', -1300],
    ['round(0.1 + 0.2, 1)', 0.3],
    ['round(1e21, 2)', 1e21],
    ['round(x, 2)', null],
  ];
  for (const [expr, expected] of DOUBLE_TIES) {
    it(`${expr} = ${expected}`, () => expect(evaluate(expr).value).toBe(expected));
  }

  const DECIMAL_TIES: [string, string, string][] = [
    ['round(a, 1)', '2.25', '2.3 DECIMAL(10,1)'],
    ['round(a, 1)', '-2.25', '-2.3 DECIMAL(10,1)'],
    ['round(a)', '2.50', '3 DECIMAL(9,0)'],
    ['round(a)', '-2.50', '-3 DECIMAL(9,0)'],
    ['round(a)', '99999999.50', '100000000 DECIMAL(9,0)'],
    ['round(a, 5)', '1.25', '1.25 DECIMAL(11,2)'],
    ['round(a, -1)', '15.00', '20 DECIMAL(9,0)'],
    ['round(a * b, 2)', '2732.50/0.1900', '519.18 DECIMAL(13,2)'],
  ];
  for (const [expr, input, expected] of DECIMAL_TIES) {
    it(`${expr} of ${input} = ${expected}`, () => {
      const [a, b] = input.split('/');
      expect(show(expr, { a, b })).toBe(expected);
    });
  }

  it('digits from a column keep the scale of the DECIMAL', () => {
    expect(show('round(a, i)', { a: '2.45', i: 1 })).toBe('2.50 DECIMAL(11,2)');
    expect(show('round(a, i)', { a: '2.45', i: null })).toBe('NULL DECIMAL(11,2)');
  });
});

describe('the console prints a DECIMAL with its scale', () => {
  it('as the databases print NUMERIC', () => {
    expect(formatValue('DECIMAL', Decimal.parse('12.50'))).toBe('12.50');
    expect(formatValue('DECIMAL', Decimal.parse('-0.0001'))).toBe('-0.0001');
  });
});
