import type { Span } from '../../core/Span.js';
import type { Column } from '../../core/Schema.js';
import type { BoundExpr } from '../../core/BoundExpr.js';
import type { SourceDef } from '../../core/SourceDef.js';
import type { AggregateCall, DedupSpec, NamedExpr, Routes, SinkTarget, TriggerSpec, WindowSpec } from '../../core/specs.js';

export interface Aggregation {
  readonly window?: WindowSpec;
  readonly groupBy: readonly NamedExpr[];
  readonly aggregates: readonly AggregateCall[];
  /** Over the aggregate's output columns. */
  readonly having?: BoundExpr;
  /** The aggregate's output: group keys, window bounds, aggregates. */
  readonly schema: readonly Column[];
}

/** A query after analysis: every name resolved, every expression typed. */
export interface AnalyzedQuery {
  /** Identifies the query's offsets and state in the sink (the `name` option, else the target). */
  readonly id: string;
  readonly source: SourceDef;
  /** The source columns the query reads: JSON fields or table columns, and metadata columns. */
  readonly sourceColumns: readonly Column[];
  readonly watermark?: { readonly column: string; readonly delayMs: number };
  /** Over the source columns. */
  readonly where?: BoundExpr;
  readonly dedup?: DedupSpec;
  /** QUALITY rules over the source columns; each adds a `quality_<name>` BOOLEAN column. */
  readonly quality: readonly NamedExpr[];
  readonly aggregation?: Aggregation;
  /** The output row: over the source (and quality) columns, or over the aggregation's output. */
  readonly outputs: readonly NamedExpr[];
  /** SELECT DISTINCT: the output rows are deduplicated on all their columns. */
  readonly distinct: boolean;
  readonly sink: SinkTarget;
  readonly routes: Routes;
  readonly trigger: TriggerSpec;
  readonly maxRecordsPerBatch: number;
  /** Batch (a table source, or INSERT): runs once to completion. */
  readonly batch: boolean;
  /** INSERT INTO … SELECT: a batch copy between tables. */
  readonly copy: boolean;
  readonly span: Span;
}
