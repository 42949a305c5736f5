import { columnsOf, type BoundExpr } from '../../core/BoundExpr.js';
import type { AggregateNode, FilterNode, LogicalPlan, ProjectionNode } from '../logical/LogicalPlan.js';
import { conjunction, conjuncts, isDeterministic, substituteColumns } from './exprHelpers.js';
import type { OptimizerRule } from './OptimizerRule.js';
import { notNullAfter } from '../../expr/nullability.js';

/**
 * Filters early: a filter directly above a projection, or directly above an
 * aggregate (a HAVING) when it reads only group keys, moves below it, with the
 * names it reads replaced by the expressions that compute them. Of `a AND b`
 * the conjunct that can move moves and the rest stays. A filter never moves
 * below a watermark (the watermark is defined on every record of the stream)
 * nor below the scan: this rule only looks through projections and aggregates.
 */
export const pushDownFilter: OptimizerRule = {
  name: 'push_down_filter',
  rewrite(node: LogicalPlan): LogicalPlan | undefined {
    if (node.kind !== 'Filter') return undefined;
    if (node.input.kind === 'Projection') return pastProjection(node, node.input);
    if (node.input.kind === 'Aggregate') return pastAggregate(node, node.input);
    return undefined;
  },
};

/** A projection computes each row from one input row: any deterministic condition on its output is one on its input. */
function pastProjection(filter: FilterNode, projection: ProjectionNode): LogicalPlan | undefined {
  const computed = new Map(projection.exprs.map((e) => [e.name, e.expr]));
  const movable = (c: BoundExpr) => [...columnsOf(c)].every((name) => computed.has(name) && isDeterministic(computed.get(name)!));
  return split(filter, projection, movable, computed);
}

/**
 * A condition on group keys alone keeps or drops whole groups, so it can drop
 * their rows before grouping instead. Not one on window bounds or aggregates,
 * and not one that reads no column: without keys an aggregate emits a row even
 * for no input, and dropping rows first would change that row. As with WHERE,
 * the rows of dropped groups then no longer reach the aggregate at all, so they
 * are not counted as late either.
 */
function pastAggregate(filter: FilterNode, aggregate: AggregateNode): LogicalPlan | undefined {
  const windowColumns = new Set(aggregate.window ? ['window_start', 'window_end'] : []);
  const keys = new Map(aggregate.groupBy.filter((k) => !windowColumns.has(k.name)).map((k) => [k.name, k.expr]));
  const movable = (c: BoundExpr) => {
    const read = columnsOf(c);
    return read.size > 0 && [...read].every((name) => keys.has(name) && isDeterministic(keys.get(name)!));
  };
  return split(filter, aggregate, movable, keys);
}

/**
 * Splits the filter's conjuncts into those that move (rewritten over the
 * child's input) and those that stay; undefined when none moves.
 */
function split(
  filter: FilterNode,
  child: ProjectionNode | AggregateNode,
  movable: (c: BoundExpr) => boolean,
  by: ReadonlyMap<string, BoundExpr>,
): LogicalPlan | undefined {
  const moving: BoundExpr[] = [];
  const staying: BoundExpr[] = [];
  // A condition that differs from call to call must be evaluated where it was written.
  for (const c of conjuncts(filter.predicate)) (isDeterministic(c) && movable(c) ? moving : staying).push(c);
  if (moving.length === 0) return undefined;
  const predicate = conjunction(moving.map((c) => substituteColumns(c, by)));
  const below: FilterNode = { kind: 'Filter', input: child.input, predicate, schema: notNullAfter(predicate, child.input.schema) };
  // What the moved conditions prove non-NULL, the child now never outputs as NULL; in the filter's place it outputs what the filter did.
  const schema = staying.length === 0 ? filter.schema : notNullAfter(conjunction(moving), child.schema);
  const newChild: LogicalPlan = { ...child, input: below, schema };
  return staying.length === 0 ? newChild : { ...filter, input: newChild, predicate: conjunction(staying) };
}
