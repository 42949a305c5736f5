import { inputsOf, withInput, type LogicalPlan } from '../logical/LogicalPlan.js';
import { displayLogical } from '../logical/displayLogical.js';
import { constantFolding } from './constantFolding.js';
import { eliminateIdentityProjection } from './eliminateIdentityProjection.js';
import { mergeFilters } from './mergeFilters.js';
import type { OptimizerRule } from './OptimizerRule.js';
import { pruneScanColumns } from './pruneScanColumns.js';
import { pushDownFilter } from './pushDownFilter.js';

/**
 * In order: simplify expressions first (a folded TRUE filter disappears, a
 * folded predicate is easier to move), move filters down, join the filters
 * that meet, drop projections that became identities, and prune the scan last,
 * once it is known what the rest of the plan reads.
 */
export const DEFAULT_RULES: readonly OptimizerRule[] = [
  constantFolding,
  pushDownFilter,
  mergeFilters,
  eliminateIdentityProjection,
  pruneScanColumns,
];

export interface OptimizeResult {
  readonly plan: LogicalPlan;
  /** The plan after each rule that changed it, for EXPLAIN VERBOSE. */
  readonly steps: readonly { readonly rule: string; readonly plan: string }[];
}

const MAX_PASSES = 8;

/**
 * Runs every rule over every node, bottom-up, until a pass changes nothing.
 * After each rule the root's schema (and what feeds a sink) must be what it was: a rule that changes
 * what a query outputs is a bug, caught here rather than in a user's table.
 */
export function optimize(plan: LogicalPlan, rules: readonly OptimizerRule[] = DEFAULT_RULES): OptimizeResult {
  const steps: { rule: string; plan: string }[] = [];
  // A sink's schema is fixed when it is planned, so for a sink the check also
  // covers what its input delivers: a rule that dropped a column below the sink
  // would otherwise pass unseen.
  // Names, types and nullability are what a rule must keep; where a column comes from (metadata or JSON) may change.
  const columns = (schema: LogicalPlan['schema']) => schema.map((c) => [c.name, c.type, c.nullable]);
  const schemaText = (p: LogicalPlan) =>
    JSON.stringify(p.kind === 'Sink' ? [columns(p.schema), columns(p.input.schema)] : columns(p.schema));
  const expected = schemaText(plan);
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    let changed = false;
    for (const rule of rules) {
      const next = applyBottomUp(plan, rule);
      if (next === plan) continue;
      if (schemaText(next) !== expected) throw new Error(`internal: optimizer rule ${rule.name} changed the output schema`);
      plan = next;
      changed = true;
      steps.push({ rule: rule.name, plan: displayLogical(plan) });
    }
    if (!changed) break;
  }
  return { plan, steps };
}

function applyBottomUp(node: LogicalPlan, rule: OptimizerRule): LogicalPlan {
  const input = inputsOf(node)[0];
  const newInput = input && applyBottomUp(input, rule);
  const current = newInput && newInput !== input ? withInput(node, newInput) : node;
  return rule.rewrite(current) ?? current;
}
