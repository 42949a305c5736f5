import type { AnalyzedQuery } from '../../compiler/analyzer/AnalyzedQuery.js';
import type { AggregateNode, LogicalPlan, SinkNode } from './LogicalPlan.js';
import type { Schema } from '../../core/Schema.js';
import { BOOLEAN } from '../../core/SqlType.js';
import { isNullable, notNullAfter } from '../../expr/nullability.js';

/**
 * AnalyzedQuery → LogicalPlan, in the order rows flow: scan, watermark, filter,
 * aggregate, HAVING, projection, sink. Simplification is the optimizer's job.
 */
export function planQuery(q: AnalyzedQuery): SinkNode {
  let plan: LogicalPlan =
    q.source.kind === 'stream'
      ? { kind: 'StreamScan', source: q.source, schema: q.sourceColumns }
      : { kind: 'TableScan', source: q.source, schema: q.sourceColumns };
  if (q.watermark) plan = { kind: 'Watermark', input: plan, column: q.watermark.column, delayMs: q.watermark.delayMs, schema: plan.schema };
  if (q.where) plan = { kind: 'Filter', input: plan, predicate: q.where, schema: notNullAfter(q.where, plan.schema) };
  if (q.dedup) plan = { kind: 'Dedup', input: plan, ...q.dedup, schema: plan.schema };
  if (q.quality.length > 0) {
    const schema = [...plan.schema, ...q.quality.map((r) => ({ name: r.name, type: BOOLEAN, nullable: false }))];
    plan = { kind: 'QualityCheck', input: plan, rules: q.quality, schema };
  }
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
    if (agg.having) plan = { kind: 'Filter', input: plan, predicate: agg.having, schema: notNullAfter(agg.having, plan.schema) };
  }
  const projected: Schema = q.outputs.map((o) => ({ name: o.name, type: o.expr.type, nullable: isNullable(o.expr, plan.schema) }));
  plan = { kind: 'Projection', input: plan, exprs: q.outputs, schema: projected };
  if (q.distinct) plan = { kind: 'Dedup', input: plan, keys: projected.map((c) => c.name), withinMs: Infinity, schema: projected };
  return {
    kind: 'Sink',
    input: plan,
    queryId: q.id,
    target: q.sink,
    routes: q.routes,
    trigger: q.trigger,
    maxRecordsPerBatch: q.maxRecordsPerBatch,
    copy: q.copy,
    schema: projected,
    span: q.span,
  };
}
