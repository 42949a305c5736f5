import type { Row } from '../../core/Schema.js';
import type { PhysicalPlan, SinkExec } from '../../plan/physical/PhysicalPlan.js';
import type { RoutedRows } from '../ports/Sink.js';
import type { LateRow } from '../exec/Operator.js';

/** A batch's rows after the routes took theirs: what the target gets, and what each route gets. */
export interface SplitBatch {
  readonly rows: Row[];
  readonly routed: RoutedRows;
}

/**
 * How a query's output rows and late rows divide between its target and its
 * routes, built once per query. FAILED ROWS INTO takes every row with a
 * quality_<rule> column that is not TRUE (a rule passes only when TRUE), with
 * the names of the rules it failed; the target keeps the rest. LATE ROWS INTO
 * takes each late row with the watermark it was behind and the window it missed.
 */
export function routeSplitter(plan: SinkExec): (rows: Row[], late: readonly LateRow[], watermark: number) => SplitBatch {
  const rules = plan.routes.failed ? qualityColumns(plan) : [];
  const routesLate = plan.routes.late !== undefined;
  return (rows, late, watermark) => {
    const routed: { failed?: Row[]; late?: Row[] } = {};
    let kept = rows;
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
    if (routesLate) routed.late = late.map((l) => [...l.row, watermark, l.windowStart, l.windowEnd]);
    return { rows: kept, routed };
  };
}

const QUALITY_PREFIX = 'quality_';

/** Where each QUALITY rule's column is in the output rows (the analyzer outputs them all in a query without aggregates). */
function qualityColumns(plan: SinkExec): { rule: string; index: number }[] {
  let p: PhysicalPlan = plan;
  while (p.kind !== 'QualityCheckExec') {
    if (p.kind === 'StreamSourceExec' || p.kind === 'TableSourceExec') throw new Error('internal: FAILED ROWS INTO without QUALITY rules');
    p = p.input;
  }
  return p.rules.map((r) => {
    const index = plan.schema.findIndex((c) => c.name === r.name);
    if (index < 0) throw new Error(`internal: the output has no column ${r.name}`);
    return { rule: r.name.slice(QUALITY_PREFIX.length), index };
  });
}
