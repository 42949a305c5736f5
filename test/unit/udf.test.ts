import { describe, expect, it } from 'vitest';
import type { Row } from '../../src/core/Schema.js';
import { compileExpr } from '../../src/expr/compileExpr.js';
import { compile, Engine, explain } from '../../src/index.js';

const engine = new Engine({ kafkaBrokers: [], urls: {} });
const netAmount = (amount: number, rate: number) => amount * (1 - rate);
engine.registerFunction('net_amount', { args: ['DOUBLE', 'DOUBLE'], returns: 'DOUBLE', deterministic: true }, netAmount);
engine.registerFunction('jitter', { args: ['DOUBLE'], returns: 'DOUBLE', deterministic: false }, (x: number) => x + Math.random());
engine.registerFunction('shout', { args: ['STRING'], returns: 'STRING' }, (s: string) => `${s.toUpperCase()}!`);

const STREAM = "CREATE STREAM orders (id STRING, amount DOUBLE, ok BOOLEAN) WITH (topic = 'orders');\n";

/** The expression compiled through the real front end, over a row of the stream's columns. */
function evaluate(expr: string, values: Record<string, unknown>): unknown {
  const q = compile(`${STREAM}SELECT ${expr} AS r FROM KAFKA orders INTO CONSOLE`).queries[0]!.analyzed;
  const row: Row = q.sourceColumns.map((c) => values[c.name] ?? null);
  return compileExpr(q.outputs[0]!.expr, q.sourceColumns)(row);
}
const codes = (text: string) => compile(STREAM + text).diagnostics.map((d) => [d.code, d.message, d.hint]);

describe('engine.registerFunction: user-defined scalar functions', () => {
  it('are checked by the analyzer: arity, argument types, did-you-mean', () => {
    expect(codes('SELECT net_amount(amount) AS x FROM KAFKA orders INTO POSTGRES t;')).toEqual([
      ['K3002', "Function 'net_amount' takes 2 arguments, found 1.", undefined],
    ]);
    expect(codes('SELECT net_amout(amount, 0.2) AS x FROM KAFKA orders INTO POSTGRES t;')[0]?.[2]).toBe('Did you mean net_amount()?');
    const [mismatch] = codes('SELECT net_amount(amount, ok) AS x FROM KAFKA orders INTO POSTGRES t;');
    expect(mismatch?.[1]).toContain('net_amount() expects (DOUBLE, DOUBLE), found BOOLEAN');
    expect(codes('SELECT shout(id) AS x, net_amount(amount, 1) AS y FROM KAFKA orders INTO POSTGRES t;')).toEqual([]);
  });

  it('type what they return', () => {
    const q = compile(STREAM + 'SELECT shout(id) AS s, net_amount(amount, 0.5) AS n FROM KAFKA orders INTO POSTGRES t;').queries[0]!;
    expect(q.physical.schema.map((c) => [c.name, c.type.kind])).toEqual([
      ['s', 'STRING'],
      ['n', 'DOUBLE'],
    ]);
  });

  it('run the TypeScript function, and a NULL argument gives NULL without a call', () => {
    expect(evaluate('net_amount(amount, 0.25)', { amount: 100 })).toBe(75);
    expect(evaluate('shout(id)', { id: 'hi' })).toBe('HI!');
    expect(evaluate('shout(id)', { id: null })).toBeNull();
  });

  it('are folded on constants only when deterministic', () => {
    const plan = explain(STREAM + 'SELECT net_amount(100, 0.5) AS c, jitter(1) AS j FROM KAFKA orders INTO POSTGRES t;').text;
    expect(plan).toContain('50 AS c');
    expect(plan).toContain('jitter(1) AS j');
  });

  it('register once per name: the same definition again is a no-op, another is refused, a built-in name is refused', () => {
    expect(() =>
      engine.registerFunction('net_amount', { args: ['DOUBLE', 'DOUBLE'], returns: 'DOUBLE', deterministic: true }, netAmount),
    ).not.toThrow();
    expect(() => engine.registerFunction('NET_AMOUNT', { args: ['DOUBLE'], returns: 'DOUBLE' }, netAmount)).toThrow(
      /already registered with another definition/,
    );
    expect(() => engine.registerFunction('net_amount', { args: ['DOUBLE', 'DOUBLE'], returns: 'DOUBLE' }, (a: number) => a)).toThrow(
      /another definition/,
    );
    expect(() => engine.registerFunction('upper', { args: ['STRING'], returns: 'STRING' }, (s: string) => s)).toThrow(/built in/);
    expect(() => engine.registerFunction('no way', { args: [], returns: 'STRING' }, () => '')).toThrow(/identifier/);
  });

  it('are seen by every engine of the process (the registry is process-wide)', () => {
    new Engine({ kafkaBrokers: [], urls: {} });
    expect(codes('SELECT shout(id) AS s FROM KAFKA orders INTO POSTGRES t;')).toEqual([]);
  });
});
