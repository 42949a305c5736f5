import type { AggregateCall, NamedExpr, Routes, SinkTarget, TriggerSpec, WindowSpec } from '../../core/specs.js';
import type { BoundExpr } from '../../core/BoundExpr.js';
import type { SourceDef } from '../../core/SourceDef.js';
import type { Schema } from '../../core/Schema.js';
import type { Span } from '../../core/Span.js';

/** What a query computes, before any choice of how: a tree of these nodes. */
export type LogicalPlan =
  StreamScanNode | TableScanNode | WatermarkNode | FilterNode | DedupNode | QualityCheckNode | AggregateNode | ProjectionNode | SinkNode;

/** Reads a stream source's topics (Kafka's) and decodes the named fields (and metadata columns) of each record. */
export interface StreamScanNode {
  readonly kind: 'StreamScan';
  readonly source: Extract<SourceDef, { kind: 'stream' }>;
  readonly schema: Schema;
}

/** Reads a database table once (a batch query). */
export interface TableScanNode {
  readonly kind: 'TableScan';
  readonly source: Extract<SourceDef, { kind: 'table' }>;
  readonly schema: Schema;
}

/** Drops a row whose key columns were seen within `withinMs` (Infinity: ever). */
export interface DedupNode {
  readonly kind: 'Dedup';
  readonly input: LogicalPlan;
  readonly keys: readonly string[];
  readonly withinMs: number;
  /** Event-time column measuring the bound; arrival time when absent. */
  readonly timeColumn?: string;
  readonly schema: Schema;
}

/** Evaluates each QUALITY rule into a `quality_<name>` BOOLEAN column (NULL counts as failed). */
export interface QualityCheckNode {
  readonly kind: 'QualityCheck';
  readonly input: LogicalPlan;
  readonly rules: readonly NamedExpr[];
  readonly schema: Schema;
}

/** Tracks event time: the watermark trails the largest `column` value seen by `delayMs`. */
export interface WatermarkNode {
  readonly kind: 'Watermark';
  readonly input: LogicalPlan;
  readonly column: string;
  readonly delayMs: number;
  readonly schema: Schema;
}

/** Keeps the rows for which `predicate` is true. */
export interface FilterNode {
  readonly kind: 'Filter';
  readonly input: LogicalPlan;
  readonly predicate: BoundExpr;
  readonly schema: Schema;
}

/** Groups rows by keys and, when `window` is set, by event-time window; computes aggregates. */
export interface AggregateNode {
  readonly kind: 'Aggregate';
  readonly input: LogicalPlan;
  readonly window?: WindowSpec;
  readonly groupBy: readonly NamedExpr[];
  readonly aggregates: readonly AggregateCall[];
  readonly schema: Schema;
}

/** Computes the output columns. */
export interface ProjectionNode {
  readonly kind: 'Projection';
  readonly input: LogicalPlan;
  readonly exprs: readonly NamedExpr[];
  readonly schema: Schema;
}

/** Writes rows, with the source offsets that produced them, to a sink. */
export interface SinkNode {
  readonly kind: 'Sink';
  readonly input: LogicalPlan;
  readonly queryId: string;
  readonly target: SinkTarget;
  readonly routes: Routes;
  readonly trigger: TriggerSpec;
  readonly maxRecordsPerBatch: number;
  /** INSERT INTO … SELECT: a batch copy between tables. */
  readonly copy: boolean;
  readonly schema: Schema;
  /** The statement. */
  readonly span: Span;
}

export function inputsOf(p: LogicalPlan): LogicalPlan[] {
  return p.kind === 'StreamScan' || p.kind === 'TableScan' ? [] : [p.input];
}

/** The same node over a new input (rules rebuild the path they change). */
export function withInput(p: LogicalPlan, input: LogicalPlan): LogicalPlan {
  return p.kind === 'StreamScan' || p.kind === 'TableScan' ? p : { ...p, input };
}

/** The expressions a node evaluates, for rules that ask which columns are used. */
export function expressionsOf(p: LogicalPlan): BoundExpr[] {
  switch (p.kind) {
    case 'StreamScan':
    case 'TableScan':
      return [];
    case 'Dedup':
      return [...p.keys, ...(p.timeColumn ? [p.timeColumn] : [])].map((name) => ({
        kind: 'column' as const,
        name,
        type: p.input.schema.find((c) => c.name === name)?.type ?? { kind: 'UNKNOWN' as const },
      }));
    case 'QualityCheck':
      return p.rules.map((r) => r.expr);
    case 'Watermark':
      return [{ kind: 'column', name: p.column, type: { kind: 'TIMESTAMP' } }];
    case 'Filter':
      return [p.predicate];
    case 'Aggregate':
      return [
        ...p.groupBy.map((g) => g.expr),
        ...p.aggregates.flatMap((a) => (a.arg ? [a.arg] : [])),
        ...(p.window ? [{ kind: 'column' as const, name: p.window.timeColumn, type: { kind: 'TIMESTAMP' as const } }] : []),
      ];
    case 'Projection':
      return p.exprs.map((e) => e.expr);
    case 'Sink':
      return p.schema.map((c) => ({ kind: 'column' as const, name: c.name, type: c.type }));
  }
}
