import type { AggregateCall, NamedExpr, SinkTarget, TriggerSpec, WindowSpec } from '../../compiler/analyzer/AnalyzedQuery.js';
import type { BoundExpr } from '../../compiler/analyzer/BoundExpr.js';
import type { StreamDef } from '../../compiler/analyzer/Catalog.js';
import type { WriteMode } from '../../compiler/ast/Ast.js';
import type { Schema } from '../../runtime/Row.js';

/**
 * How a query runs: the micro-batch operators, from source to sink. Operator
 * names form a closed set; each has one implementation in src/runtime/exec.
 */
export type PhysicalPlan =
  | KafkaSourceExec
  | WatermarkExec
  | FilterExec
  | ProjectionExec
  | WindowAggregateExec
  | UpdatingAggregateExec
  | SinkExec;

export interface KafkaSourceExec {
  readonly kind: 'KafkaSourceExec';
  readonly stream: StreamDef;
  /** Fields decoded from each JSON record, in this order. */
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

/** Tumbling or sliding event-time windows, state bounded by the watermark. */
export interface WindowAggregateExec {
  readonly kind: 'TumblingWindowAggregateExec' | 'SlidingWindowAggregateExec';
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

export interface SinkExec {
  readonly kind: 'PostgresSinkExec' | 'OracleSinkExec' | 'ConsoleSinkExec';
  readonly input: PhysicalPlan;
  readonly queryId: string;
  readonly target: SinkTarget;
  readonly trigger: TriggerSpec;
  readonly maxRecordsPerBatch: number;
  readonly schema: Schema;
}

export function physicalInputs(p: PhysicalPlan): PhysicalPlan[] {
  return p.kind === 'KafkaSourceExec' ? [] : [p.input];
}
