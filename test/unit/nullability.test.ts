import { describe, expect, it } from 'vitest';
import { compile } from '../../src/compile.js';
import type { BoundExpr } from '../../src/core/BoundExpr.js';
import { isNullable, notNullAfter } from '../../src/expr/nullability.js';
import type { Schema } from '../../src/core/Schema.js';
import { DOUBLE, INT, STRING, TIMESTAMP } from '../../src/core/SqlType.js';

const schema: Schema = [
  { name: 'k', type: STRING, nullable: true },
  { name: 'req', type: STRING, nullable: false },
  { name: 'x', type: DOUBLE, nullable: true },
  { name: 'n', type: INT, nullable: false },
  { name: 'ts', type: TIMESTAMP, nullable: false },
];
const col = (name: string): BoundExpr => ({ kind: 'column', name, type: schema.find((c) => c.name === name)!.type });
const lit = (value: string | number | null): BoundExpr => ({ kind: 'literal', value, type: typeof value === 'number' ? DOUBLE : STRING });
const call = (fn: string, ...args: BoundExpr[]): BoundExpr => ({ kind: 'call', fn, args, type: STRING });

/** The sink schema of the file's last query, as `name NULL|NOT NULL`. */
function sinkColumns(text: string): string[] {
  const r = compile(text);
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return r.queries.at(-1)!.physical.schema.map((c) => `${c.name} ${c.nullable ? 'NULL' : 'NOT NULL'}`);
}

describe('isNullable', () => {
  it('columns keep their nullability; literals are NULL only when NULL', () => {
    expect(isNullable(col('k'), schema)).toBe(true);
    expect(isNullable(col('req'), schema)).toBe(false);
    expect(isNullable(lit('a'), schema)).toBe(false);
    expect(isNullable(lit(null), schema)).toBe(true);
  });

  it('coalesce and nvl are NOT NULL when one argument is', () => {
    expect(isNullable(call('coalesce', col('k'), lit('none')), schema)).toBe(false);
    expect(isNullable(call('coalesce', col('k'), col('x')), schema)).toBe(true);
    expect(isNullable(call('nvl', col('k'), col('req')), schema)).toBe(false);
  });

  it('CASE is NOT NULL when every result and an ELSE are', () => {
    const cond = call('=', col('k'), lit('a'));
    expect(isNullable(call('case', cond, lit('y'), lit('n')), schema)).toBe(false);
    expect(isNullable(call('case', cond, lit('y')), schema), 'no ELSE').toBe(true);
    expect(isNullable(call('case', cond, col('k'), lit('n')), schema)).toBe(true);
  });

  it('a strict operator or function of NOT NULL arguments is NOT NULL; one that can fail is not', () => {
    expect(isNullable(call('upper', col('req')), schema)).toBe(false);
    expect(isNullable(call('upper', col('k')), schema)).toBe(true);
    expect(isNullable(call('+', col('n'), lit(1)), schema)).toBe(false);
    expect(isNullable(call('/', col('n'), col('n')), schema), 'division by zero is NULL').toBe(true);
    expect(isNullable(call('/', col('n'), lit(2)), schema)).toBe(false);
    expect(isNullable(call('sqrt', col('n')), schema), 'sqrt of a negative is NULL').toBe(true);
    expect(isNullable(call('is null', col('k')), schema)).toBe(false);
    expect(isNullable(call('concat', col('k'), lit('-')), schema)).toBe(false);
  });

  it('CAST is NOT NULL only where every value converts', () => {
    const cast = (e: BoundExpr, type: typeof STRING): BoundExpr => ({ kind: 'call', fn: 'cast', args: [e], type });
    expect(isNullable(cast(col('n'), STRING), schema)).toBe(false);
    expect(isNullable(cast(col('n'), DOUBLE), schema)).toBe(false);
    expect(isNullable(cast(col('req'), INT), schema), "'abc' is no INT").toBe(true);
  });
});

describe('notNullAfter', () => {
  it('a conjunct IS NOT NULL, or one NULL whenever the column is, makes the column NOT NULL below the filter', () => {
    const nullable = (s: Schema) => s.filter((c) => c.nullable).map((c) => c.name);
    expect(nullable(notNullAfter(call('is not null', col('k')), schema))).toEqual(['x']);
    expect(nullable(notNullAfter(call('and', call('not', call('is null', col('k'))), call('>', col('x'), lit(1))), schema))).toEqual([]);
    expect(
      nullable(notNullAfter(call('or', call('is not null', col('k')), call('>', col('x'), lit(1))), schema)),
      'OR proves nothing',
    ).toEqual(['k', 'x']);
    expect(nullable(notNullAfter(call('is null', col('k')), schema))).toEqual(['k', 'x']);
  });
});

describe('nullability through the planner: the sink columns a created table takes', () => {
  const kv = 'CREATE STREAM kv (k STRING, req STRING NOT NULL, v DOUBLE);\n';
  it('a group key keeps its column nullability; count(*) is NOT NULL', () => {
    expect(sinkColumns(`${kv}SELECT k, count(*) AS n FROM KAFKA kv GROUP BY k INTO POSTGRES r MODE UPDATE;`)).toEqual([
      'k NULL',
      'n NOT NULL',
    ]);
    expect(sinkColumns(`${kv}SELECT req, count(*) AS n FROM KAFKA kv GROUP BY req INTO POSTGRES r MODE UPDATE;`)).toEqual([
      'req NOT NULL',
      'n NOT NULL',
    ]);
  });

  it("coalesce(k, 'none'), WHERE k IS NOT NULL and HAVING k IS NOT NULL give a NOT NULL key", () => {
    expect(
      sinkColumns(
        `${kv}SELECT coalesce(k, 'none') AS k, count(*) AS n FROM KAFKA kv GROUP BY coalesce(k, 'none') INTO POSTGRES r MODE UPDATE;`,
      ),
    ).toEqual(['k NOT NULL', 'n NOT NULL']);
    expect(sinkColumns(`${kv}SELECT k, count(*) AS n FROM KAFKA kv WHERE k IS NOT NULL GROUP BY k INTO POSTGRES r MODE UPDATE;`)).toEqual([
      'k NOT NULL',
      'n NOT NULL',
    ]);
    expect(
      sinkColumns(`${kv}SELECT k, count(*) AS n FROM KAFKA kv GROUP BY k HAVING k IS NOT NULL INTO POSTGRES r MODE COMPLETE;`),
    ).toEqual(['k NOT NULL', 'n NOT NULL']);
  });

  it('projections of a streaming query: WHERE narrows, strict functions keep NOT NULL, CASE with ELSE', () => {
    expect(
      sinkColumns(
        `${kv}SELECT upper(req) AS u, k, CASE WHEN v > 1 THEN 'big' ELSE 'small' END AS size FROM KAFKA kv WHERE k <> 'x' INTO POSTGRES r;`,
      ),
    ).toEqual(['u NOT NULL', 'k NOT NULL', 'size NOT NULL']);
  });

  it('window bounds are NOT NULL; sum may be NULL', () => {
    expect(sinkColumns("SELECT window(ts, '1 minute'), sum(v) AS total FROM KAFKA t INTO POSTGRES r;")).toEqual([
      'window_start NOT NULL',
      'window_end NOT NULL',
      'total NULL',
    ]);
  });
});
