import { createHash } from 'node:crypto';
import type { OperatorExec } from '../../plan/physical/PhysicalPlan.js';

/**
 * The name an operator's saved state is filed under: its kind, its position in
 * the chain (0 right above the source) and a short hash of its semantic
 * parameters, never its EXPLAIN text. Rewording EXPLAIN keeps every saved state
 * usable; another window, key, aggregate or dedup bound gives another id, so
 * state is never read by an operator for which it means something else.
 */
export function operatorId(p: OperatorExec, position: number): string {
  const hash = createHash('sha256')
    .update(canonicalJson(semanticParameters(p)))
    .digest('hex')
    .slice(0, 12);
  return `${p.kind}#${position}:${hash}`;
}

/** What an operator's output and state depend on, besides its input rows. */
function semanticParameters(p: OperatorExec): unknown {
  switch (p.kind) {
    case 'WatermarkExec':
      return { column: p.column, delayMs: p.delayMs };
    case 'FilterExec':
      return { predicate: p.predicate };
    case 'ProjectionExec':
      return { exprs: p.exprs };
    case 'DedupExec':
      return { keys: p.keys, withinMs: p.withinMs, timeColumn: p.timeColumn };
    case 'QualityCheckExec':
      return { rules: p.rules };
    case 'TumblingWindowAggregateExec':
    case 'SlidingWindowAggregateExec':
    case 'SessionWindowAggregateExec':
      return { window: p.window, groupBy: p.groupBy, aggregates: p.aggregates, emit: p.emit };
    case 'UpdatingAggregateExec':
      return { groupBy: p.groupBy, aggregates: p.aggregates, emit: p.emit };
  }
}

/**
 * JSON with sorted keys, absent fields left out and Infinity spelled out (a
 * DISTINCT bound), so equal parameters hash equally whichever code built them.
 */
function canonicalJson(v: unknown): string {
  if (typeof v === 'number' && !Number.isFinite(v)) return JSON.stringify(String(v));
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    const fields = Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`);
    return `{${fields.join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}
