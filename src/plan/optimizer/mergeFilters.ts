import type { LogicalPlan } from '../logical/LogicalPlan.js';
import { conjunction, isBooleanValued } from './exprHelpers.js';
import type { OptimizerRule } from './OptimizerRule.js';

/**
 * Two filters in a row are one: Filter(Filter(x, a), b) → Filter(x, a AND b),
 * one operator and one pass over the batch instead of two. Exact when both
 * predicates are TRUE, FALSE or NULL: then `a AND b` is TRUE exactly when both are.
 */
export const mergeFilters: OptimizerRule = {
  name: 'merge_filters',
  rewrite(node: LogicalPlan): LogicalPlan | undefined {
    if (node.kind !== 'Filter' || node.input.kind !== 'Filter') return undefined;
    const inner = node.input;
    if (!isBooleanValued(inner.predicate) || !isBooleanValued(node.predicate)) return undefined;
    return { kind: 'Filter', input: inner.input, predicate: conjunction([inner.predicate, node.predicate]), schema: node.schema };
  },
};
