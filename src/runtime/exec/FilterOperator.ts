import type { BoundExpr } from '../../core/BoundExpr.js';
import { compileExpr } from '../../expr/compileExpr.js';
import type { Row, Schema } from '../../core/Schema.js';
import type { Operator } from './Operator.js';

/** Runs FilterExec: keeps the rows whose predicate is TRUE (not FALSE, not NULL). */
export function filterOperator(predicate: BoundExpr, schema: Schema): Operator {
  const test = compileExpr(predicate, schema);
  return {
    name: 'FilterExec',
    process(rows: Row[]): Row[] {
      const out: Row[] = [];
      for (const row of rows) if (test(row) === true) out.push(row);
      return out;
    },
  };
}
