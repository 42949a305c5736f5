import type { Span } from '../diagnostics/Diagnostic.js';
import type { Column } from '../../runtime/Row.js';
import type { InsertMode, SinkKind, WriteMode } from '../ast/Ast.js';
import type { BoundExpr } from './BoundExpr.js';
import type { SourceDef } from './Catalog.js';
import type { AggregateFn } from './functions.js';

/** How rows are grouped in time. */
export interface WindowSpec {
  readonly kind: 'tumbling' | 'sliding' | 'session';
  readonly timeColumn: string;
  /** Window size; for a session window, the gap that ends a session. */
  readonly sizeMs: number;
  /** Sliding windows: how far each window starts after the previous one. */
  readonly slideMs?: number;
}

export interface AggregateCall {
  /** The output column that holds the result. */
  readonly name: string;
  readonly fn: AggregateFn;
  /** Undefined for count(*). */
  readonly arg?: BoundExpr;
  readonly distinct: boolean;
}

export interface NamedExpr {
  readonly name: string;
  readonly expr: BoundExpr;
}

export interface Aggregation {
  readonly window?: WindowSpec;
  readonly groupBy: readonly NamedExpr[];
  readonly aggregates: readonly AggregateCall[];
  /** Over the aggregate's output columns. */
  readonly having?: BoundExpr;
  /** The aggregate's output: group keys, window bounds, aggregates. */
  readonly schema: readonly Column[];
}

/** Drop a row whose key was seen within `withinMs` (event time when `timeColumn` is set, else arrival time). */
export interface DedupSpec {
  readonly keys: readonly string[];
  /** Infinity for SELECT DISTINCT: a key is never forgotten. */
  readonly withinMs: number;
  readonly timeColumn?: string;
}

export type TriggerSpec =
  | { readonly kind: 'continuous' }
  | { readonly kind: 'every'; readonly millis: number }
  | { readonly kind: 'once' }
  | { readonly kind: 'availableNow' };

export interface SinkTarget {
  readonly kind: SinkKind;
  /** Table or topic name; undefined for the console. */
  readonly target?: string;
  /** Streaming modes for queries; batch modes for INSERT. */
  readonly mode: WriteMode | InsertMode;
  readonly key: readonly string[];
}

/** Where rows that leave the main flow go. */
export interface Routes {
  /** Rows failing a QUALITY rule. */
  readonly failed?: SinkTarget;
  /** Records that cannot be decoded or typed. */
  readonly deadLetters?: SinkTarget;
  /** Rows whose window had closed. */
  readonly late?: SinkTarget;
}

/** A language feature a query uses, where it is written: the runtime says which it can run. */
export interface FeatureUse {
  readonly feature: string;
  readonly span: Span;
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
  readonly features: readonly FeatureUse[];
  readonly span: Span;
}
