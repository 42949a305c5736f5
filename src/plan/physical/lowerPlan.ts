import type { ConnectorCatalog } from '../../core/ConnectorDescriptor.js';
import type { InsertMode, WriteMode } from '../../core/specs.js';
import type { LogicalPlan, SinkNode } from '../logical/LogicalPlan.js';
import type { Diagnostic } from '../../compiler/diagnostics/Diagnostic.js';
import { checkRunnable } from './checkRunnable.js';
import { splitTableFilter } from './tablePushdown.js';
import { notNullAfter } from '../../expr/nullability.js';
import type { BoundExpr } from '../../core/BoundExpr.js';
import type { Schema } from '../../core/Schema.js';
import type { PhysicalPlan, SinkExec, TableSourceExec } from './PhysicalPlan.js';

const WINDOW_EXEC = {
  tumbling: 'TumblingWindowAggregateExec',
  sliding: 'SlidingWindowAggregateExec',
  session: 'SessionWindowAggregateExec',
} as const;

export interface LoweredPlan {
  readonly plan: SinkExec;
  /** What this runtime cannot run yet (K4014): the plan is still valid, for `check` and `explain`. */
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * LogicalPlan → PhysicalPlan: picks an operator for each node; the sink's mode
 * decides how aggregates emit. `connectors`, those the query was compiled
 * with, say what the runtime cannot run yet.
 */
export function lowerPlan(sink: SinkNode, connectors: ConnectorCatalog): LoweredPlan {
  const plan: SinkExec = { ...sink, kind: 'SinkExec', input: lower(sink.input, sink.target.mode) };
  return { plan, diagnostics: checkRunnable(plan, connectors) };
}

function lower(p: LogicalPlan, mode: WriteMode | InsertMode): PhysicalPlan {
  switch (p.kind) {
    case 'StreamScan':
      return { kind: 'StreamSourceExec', source: p.source, schema: p.schema };
    case 'TableScan':
      return { kind: 'TableSourceExec', source: p.source, schema: p.schema, where: [] };
    case 'Dedup':
      return { ...p, kind: 'DedupExec', input: lower(p.input, mode) };
    case 'QualityCheck':
      return { ...p, kind: 'QualityCheckExec', input: lower(p.input, mode) };
    case 'Watermark':
      return { kind: 'WatermarkExec', input: lower(p.input, mode), column: p.column, delayMs: p.delayMs, schema: p.schema };
    case 'Filter': {
      const input = lower(p.input, mode);
      if (input.kind === 'TableSourceExec') return filterTable(input, p.predicate, p.schema);
      return { kind: 'FilterExec', input, predicate: p.predicate, schema: p.schema };
    }
    case 'Projection':
      return { kind: 'ProjectionExec', input: lower(p.input, mode), exprs: p.exprs, schema: p.schema };
    case 'Aggregate': {
      const input = lower(p.input, mode);
      // A batch query sees all its input at once: its groups are final, as in APPEND.
      const emit: WriteMode = mode === 'update' || mode === 'complete' ? mode : 'append';
      const common = { input, groupBy: p.groupBy, aggregates: p.aggregates, emit, schema: p.schema };
      if (!p.window) return { kind: 'UpdatingAggregateExec', ...common };
      return { kind: WINDOW_EXEC[p.window.kind], window: p.window, ...common };
    }
    case 'Sink':
      throw new Error('internal: a Sink below the root');
  }
}

/**
 * A WHERE right above a table read: what the table's SQL can evaluate moves into
 * the read (the database then sends only matching rows), the rest stays a filter.
 * The read's columns are still all those the plan reads, so positions above hold.
 */
function filterTable(scan: TableSourceExec, predicate: BoundExpr, schema: Schema): PhysicalPlan {
  const { pushed, rest } = splitTableFilter(predicate);
  if (pushed.length === 0) return { kind: 'FilterExec', input: scan, predicate, schema };
  const where = [...scan.where, ...pushed];
  if (!rest) return { ...scan, where, schema };
  const read: TableSourceExec = { ...scan, where, schema: pushed.reduce((s, c) => notNullAfter(c, s), scan.schema) };
  return { kind: 'FilterExec', input: read, predicate: rest, schema };
}
