import type { AggregateCall, NamedExpr, Routes, SinkTarget, TriggerSpec, WindowSpec } from '../../core/specs.js';
import type { BoundExpr } from '../../core/BoundExpr.js';
import type { SourceDef } from '../../core/SourceDef.js';
import type { WriteMode } from '../../core/specs.js';
import type { Schema } from '../../core/Schema.js';
import type { Span } from '../../core/Span.js';

/**
 * How a query runs: the micro-batch operators, from source to sink. Operator
 * names form a closed set; each has one implementation in src/runtime/exec.
 */
export type PhysicalPlan =
  | StreamSourceExec
  | TableSourceExec
  | WatermarkExec
  | FilterExec
  | DedupExec
  | QualityCheckExec
  | ProjectionExec
  | WindowAggregateExec
  | UpdatingAggregateExec
  | SinkExec;

export type SourceExec = StreamSourceExec | TableSourceExec;
/** What runs between the source and the sink: one runtime operator each. */
export type OperatorExec = Exclude<PhysicalPlan, SourceExec | SinkExec>;

export interface StreamSourceExec {
  readonly kind: 'StreamSourceExec';
  readonly source: Extract<SourceDef, { kind: 'stream' }>;
  /** Fields decoded from each JSON record (and metadata columns), in this order. */
  readonly schema: Schema;
}

export interface TableSourceExec {
  readonly kind: 'TableSourceExec';
  readonly source: Extract<SourceDef, { kind: 'table' }>;
  /** The columns read, in this order. */
  readonly schema: Schema;
  /** Conditions of the WHERE that the table's own SQL evaluates (tablePushdown.ts), all of which a row meets. */
  readonly where: readonly BoundExpr[];
}

export interface DedupExec {
  readonly kind: 'DedupExec';
  readonly input: PhysicalPlan;
  readonly keys: readonly string[];
  readonly withinMs: number;
  readonly timeColumn?: string;
  readonly schema: Schema;
}

export interface QualityCheckExec {
  readonly kind: 'QualityCheckExec';
  readonly input: PhysicalPlan;
  readonly rules: readonly NamedExpr[];
  readonly schema: Schema;
}

export interface WatermarkExec {
  readonly kind: 'WatermarkExec';
  readonly input: PhysicalPlan;
  readonly column: string;
  readonly delayMs: number;
  readonly schema: Schema;
}

export interface FilterExec {
  readonly kind: 'FilterExec';
  readonly input: PhysicalPlan;
  readonly predicate: BoundExpr;
  readonly schema: Schema;
}

export interface ProjectionExec {
  readonly kind: 'ProjectionExec';
  readonly input: PhysicalPlan;
  readonly exprs: readonly NamedExpr[];
  readonly schema: Schema;
}

/** Event-time windows, state bounded by the watermark. */
export interface WindowAggregateExec {
  readonly kind: 'TumblingWindowAggregateExec' | 'SlidingWindowAggregateExec' | 'SessionWindowAggregateExec';
  readonly input: PhysicalPlan;
  readonly window: WindowSpec;
  readonly groupBy: readonly NamedExpr[];
  readonly aggregates: readonly AggregateCall[];
  /** APPEND emits a window once the watermark passes its end; UPDATE emits changed windows every batch. */
  readonly emit: WriteMode;
  readonly schema: Schema;
}

/** Aggregation without a window: every batch emits the groups it changed (or all, for COMPLETE). */
export interface UpdatingAggregateExec {
  readonly kind: 'UpdatingAggregateExec';
  readonly input: PhysicalPlan;
  readonly groupBy: readonly NamedExpr[];
  readonly aggregates: readonly AggregateCall[];
  readonly emit: WriteMode;
  readonly schema: Schema;
}

/**
 * The root: with its source (`sourceOf`), everything the runtime and the
 * connectors are told about a query. They read nothing else.
 */
export interface SinkExec {
  /** One kind for every connector: `target.connector` says which (EXPLAIN shows PostgresSinkExec, …). */
  readonly kind: 'SinkExec';
  readonly input: PhysicalPlan;
  /** Keys the query's offsets and state in the sink, its consumer group and its logs. */
  readonly queryId: string;
  /** Table or topic, mode and key. */
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

export function physicalInputs(p: PhysicalPlan): PhysicalPlan[] {
  return p.kind === 'StreamSourceExec' || p.kind === 'TableSourceExec' ? [] : [p.input];
}

export function isSinkExec(p: PhysicalPlan): p is SinkExec {
  return p.kind === 'SinkExec';
}

/** The leaf a plan reads from. */
export function sourceOf(p: PhysicalPlan): SourceExec {
  while (p.kind !== 'StreamSourceExec' && p.kind !== 'TableSourceExec') p = p.input;
  return p;
}
