import type { Schema } from '../../core/Schema.js';
import { STRING, TIMESTAMP } from '../../core/SqlType.js';
import type { RouteName } from '../../core/specs.js';
import type { PhysicalPlan, QualityCheckExec, SinkExec, WindowAggregateExec } from './PhysicalPlan.js';

/** The column a failed-rows table adds: the rules the row failed, comma-separated in QUALITY order. */
export const FAILED_RULES_COLUMN = 'failed_rules';
/** The columns a late-rows table adds: the watermark the row was behind, and the window it missed. */
export const LATE_COLUMNS = ['watermark', 'window_start', 'window_end'] as const;

/**
 * FAILED ROWS INTO's table: the query's output columns (its quality_<rule>
 * columns included), then `failed_rules`. In an aggregate query, whose output
 * rows are groups, the rows the rules judged: every column of the stream (the
 * scan keeps them all, pruneScanColumns.ts) and the quality_<rule> columns.
 */
export function failedRowsSchema(plan: SinkExec): Schema {
  const judged = aggregates(plan) ? qualityCheckOf(plan).schema : plan.schema;
  return [...judged, { name: FAILED_RULES_COLUMN, type: STRING, nullable: false }];
}

/** The rule a quality_<rule> column holds the verdict of: what failed_rules names. */
export function qualityRuleName(column: string): string {
  return column.replace(/^quality_/, '');
}

export function qualityCheckOf(plan: PhysicalPlan): QualityCheckExec {
  for (let p = plan; p.kind !== 'StreamSourceExec' && p.kind !== 'TableSourceExec'; p = p.input)
    if (p.kind === 'QualityCheckExec') return p;
  throw new Error('internal: FAILED ROWS INTO without QUALITY rules');
}

/**
 * LATE ROWS INTO's table: the columns the window aggregate reads (what the query
 * took from the record), then the watermark at the batch's start and the
 * window the row missed.
 */
export function lateRowsSchema(plan: SinkExec): Schema {
  const window = windowAggregateOf(plan);
  if (!window) throw new Error('internal: LATE ROWS INTO without a window aggregate');
  return [...window.input.schema, ...LATE_COLUMNS.map((name) => ({ name, type: TIMESTAMP, nullable: false }))];
}

/** The schema of each route the plan writes, by route. */
export function routeSchemas(plan: SinkExec): Partial<Record<RouteName, Schema>> {
  return {
    ...(plan.routes.failed && { failed: failedRowsSchema(plan) }),
    ...(plan.routes.late && { late: lateRowsSchema(plan) }),
  };
}

export function windowAggregateOf(plan: PhysicalPlan): WindowAggregateExec | undefined {
  for (let p = plan; p.kind !== 'StreamSourceExec' && p.kind !== 'TableSourceExec'; p = p.input) {
    if (p.kind === 'TumblingWindowAggregateExec' || p.kind === 'SlidingWindowAggregateExec' || p.kind === 'SessionWindowAggregateExec')
      return p;
  }
  return undefined;
}

/** Whether the plan aggregates: its output rows are groups, not the rows the QUALITY rules judged. */
export function aggregates(plan: PhysicalPlan): boolean {
  for (let p = plan; p.kind !== 'StreamSourceExec' && p.kind !== 'TableSourceExec'; p = p.input) {
    if (p.kind === 'UpdatingAggregateExec' || windowAggregateOf(p) === p) return true;
  }
  return false;
}
