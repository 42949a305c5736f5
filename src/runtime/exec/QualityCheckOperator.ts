import type { NamedExpr } from '../../core/specs.js';
import { compileExpr } from '../../expr/compileExpr.js';
import type { Row, Schema } from '../../core/Schema.js';
import type { Operator } from './Operator.js';

/** Runs QualityCheckExec: appends one BOOLEAN per rule; a rule passes only when TRUE (NULL fails). */
export function qualityCheckOperator(rules: readonly NamedExpr[], input: Schema): Operator {
  const checks = rules.map((r) => compileExpr(r.expr, input));
  return {
    name: 'QualityCheckExec',
    process(rows: Row[]): Row[] {
      for (const row of rows) for (const check of checks) row.push(check(row) === true);
      return rows;
    },
  };
}
