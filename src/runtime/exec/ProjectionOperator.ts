import type { NamedExpr } from '../../core/specs.js';
import { compileExpr } from '../../expr/compileExpr.js';
import type { Row, Schema } from '../../core/Schema.js';
import type { Operator } from './Operator.js';

/** Runs ProjectionExec: computes each output column from the input row. */
export function projectionOperator(exprs: readonly NamedExpr[], input: Schema): Operator {
  const evals = exprs.map((e) => compileExpr(e.expr, input));
  const width = evals.length;
  return {
    name: 'ProjectionExec',
    process(rows: Row[]): Row[] {
      const out: Row[] = new Array(rows.length);
      for (let r = 0; r < rows.length; r++) {
        const row = rows[r]!;
        const o: Row = new Array(width);
        for (let i = 0; i < width; i++) o[i] = evals[i]!(row);
        out[r] = o;
      }
      return out;
    },
  };
}
