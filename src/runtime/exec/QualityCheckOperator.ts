import type { NamedExpr } from '../../core/specs.js';
import { compileExpr } from '../../expr/compileExpr.js';
import type { Row, Schema } from '../../core/Schema.js';
import type { BatchContext, Operator } from './Operator.js';
import { qualityRuleName } from '../../plan/physical/routeSchemas.js';

/**
 * Runs QualityCheckExec: appends one BOOLEAN per rule; a rule passes only when
 * TRUE (NULL fails). With `splitFailed` (an aggregate query with FAILED ROWS
 * INTO) a row failing any rule leaves the stream here, into the batch's
 * `failed` rows with the names of the rules it failed, so only passing rows are
 * aggregated: once rows become groups, there is no row left to route.
 */
export function qualityCheckOperator(rules: readonly NamedExpr[], input: Schema, splitFailed = false): Operator {
  const checks = rules.map((r) => compileExpr(r.expr, input));
  const names = rules.map((r) => qualityRuleName(r.name));
  if (!splitFailed)
    return {
      name: 'QualityCheckExec',
      process(rows: Row[]): Row[] {
        for (const row of rows) for (const check of checks) row.push(check(row) === true);
        return rows;
      },
    };
  return {
    name: 'QualityCheckExec',
    process(rows: Row[], ctx: BatchContext): Row[] {
      const failed = ctx.failed;
      if (!failed) throw new Error('internal: the batch has no place for failed rows');
      const passing: Row[] = [];
      for (const row of rows) {
        const failing: string[] = [];
        for (let i = 0; i < checks.length; i++) {
          const pass = checks[i]!(row) === true;
          row.push(pass);
          if (!pass) failing.push(names[i]!);
        }
        if (failing.length === 0) passing.push(row);
        else failed.push([...row, failing.join(',')]);
      }
      return passing;
    },
  };
}
