import type { Row } from '../../core/Schema.js';
import type { SinkExec } from '../../plan/physical/PhysicalPlan.js';
import type { RoutedRows } from '../ports/Sink.js';
import type { BatchContext } from '../exec/Operator.js';
import { aggregates, qualityCheckOf, qualityRuleName } from '../../plan/physical/routeSchemas.js';

/** A batch's rows after the routes took theirs: what the target gets, and what each route gets. */
export interface SplitBatch {
  readonly rows: Row[];
  readonly routed: RoutedRows;
}

/** The batch context's places for route rows that operators set aside (late rows, an aggregate's failed rows): fresh per batch. */
export function routeBuffers(plan: SinkExec): () => Pick<BatchContext, 'late' | 'failed'> {
  const late = plan.routes.late !== undefined;
  const failed = plan.routes.failed !== undefined && aggregates(plan);
  return () => ({ ...(late && { late: [] }), ...(failed && { failed: [] }) });
}

/**
 * How a query's output rows and late rows divide between its target and its
 * routes, built once per query. FAILED ROWS INTO takes every row with a
 * quality_<rule> column that is not TRUE (a rule passes only when TRUE), with
 * the names of the rules it failed; the target keeps the rest. In an aggregate
 * query the quality check has already set those rows aside (`ctx.failed`),
 * before they became groups. LATE ROWS INTO takes each late row with the
 * watermark it was behind and the window it missed.
 */
export function routeSplitter(plan: SinkExec): (rows: Row[], ctx: Pick<BatchContext, 'late' | 'failed' | 'watermark'>) => SplitBatch {
  const rules = plan.routes.failed && !aggregates(plan) ? qualityColumns(plan) : [];
  const routesLate = plan.routes.late !== undefined;
  return (rows, ctx) => {
    const routed: { failed?: Row[]; late?: Row[] } = {};
    let kept = rows;
    if (ctx.failed) routed.failed = ctx.failed;
    if (rules.length > 0) {
      kept = [];
      const failed: Row[] = [];
      for (const row of rows) {
        const failing = rules.filter((r) => row[r.index] !== true);
        if (failing.length === 0) kept.push(row);
        else failed.push([...row, failing.map((r) => r.rule).join(',')]);
      }
      routed.failed = failed;
    }
    if (routesLate) routed.late = (ctx.late ?? []).map((l) => [...l.row, ctx.watermark, l.windowStart, l.windowEnd]);
    return { rows: kept, routed };
  };
}

/** Where each QUALITY rule's column is in the output rows (the analyzer outputs them all in a query without aggregates). */
function qualityColumns(plan: SinkExec): { rule: string; index: number }[] {
  return qualityCheckOf(plan).rules.map((r) => {
    const index = plan.schema.findIndex((c) => c.name === r.name);
    if (index < 0) throw new Error(`internal: the output has no column ${r.name}`);
    return { rule: qualityRuleName(r.name), index };
  });
}
