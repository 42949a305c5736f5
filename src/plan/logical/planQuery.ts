import type { AnalyzedQuery } from '../../compiler/analyzer/AnalyzedQuery.js';
import type { AggregateNode, LogicalPlan, SinkNode } from './LogicalPlan.js';
import type { Schema } from '../../runtime/Row.js';

/**
 * AnalyzedQuery → LogicalPlan, in the order rows flow: scan, watermark, filter,
 * aggregate, HAVING, projection, sink. Simplification is the optimizer's job.
 */
export function planQuery(q: AnalyzedQuery): SinkNode {
  let plan: LogicalPlan = { kind: 'KafkaScan', stream: q.stream, schema: q.sourceColumns };
  if (q.watermark) plan = { kind: 'Watermark', input: plan, column: q.watermark.column, delayMs: q.watermark.delayMs, schema: plan.schema };
  if (q.where) plan = { kind: 'Filter', input: plan, predicate: q.where, schema: plan.schema };
  const agg = q.aggregation;
  if (agg) {
    const node: AggregateNode = {
      kind: 'Aggregate',
      input: plan,
      ...(agg.window && { window: agg.window }),
      groupBy: agg.groupBy,
      aggregates: agg.aggregates,
      schema: agg.schema,
    };
    plan = node;
    if (agg.having) plan = { kind: 'Filter', input: plan, predicate: agg.having, schema: plan.schema };
  }
  const projected: Schema = q.outputs.map((o) => ({ name: o.name, type: o.expr.type, nullable: nullableIn(o.expr, plan.schema) }));
  plan = { kind: 'Projection', input: plan, exprs: q.outputs, schema: projected };
  return {
    kind: 'Sink',
    input: plan,
    queryId: q.id,
    target: q.sink,
    trigger: q.trigger,
    maxRecordsPerBatch: q.maxRecordsPerBatch,
    schema: projected,
  };
}

/** A column reference keeps its input's nullability; anything computed may be NULL. */
function nullableIn(e: AnalyzedQuery['outputs'][number]['expr'], schema: Schema): boolean {
  return e.kind === 'column' ? (schema.find((c) => c.name === e.name)?.nullable ?? true) : e.kind === 'literal' ? e.value === null : true;
}
