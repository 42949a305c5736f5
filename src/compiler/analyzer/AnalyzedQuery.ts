import type { Span } from '../diagnostics/Diagnostic.js';
import type { Column } from '../../runtime/Row.js';
import type { SinkKind, WriteMode } from '../ast/Ast.js';
import type { BoundExpr } from './BoundExpr.js';
import type { StreamDef } from './Catalog.js';
import type { AggregateFn } from './functions.js';

/** How rows are grouped in time. */
export interface WindowSpec {
  readonly kind: 'tumbling' | 'sliding' | 'session';
  readonly timeColumn: string;
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

export type TriggerSpec =
  | { readonly kind: 'continuous' }
  | { readonly kind: 'every'; readonly millis: number }
  | { readonly kind: 'once' }
  | { readonly kind: 'availableNow' };

export interface SinkTarget {
  readonly kind: SinkKind;
  /** Table name; undefined for the console. */
  readonly target?: string;
  readonly mode: WriteMode;
  readonly key: readonly string[];
}

/** A query after analysis: every name resolved, every expression typed. */
export interface AnalyzedQuery {
  /** Identifies the query's offsets and state in the sink (the `name` option, else the target). */
  readonly id: string;
  readonly stream: StreamDef;
  /** The source columns the query reads (all of a declared stream's when it uses `*`). */
  readonly sourceColumns: readonly Column[];
  readonly watermark?: { readonly column: string; readonly delayMs: number };
  /** Over the source columns. */
  readonly where?: BoundExpr;
  readonly aggregation?: Aggregation;
  /** The output row: over the source columns, or over the aggregation's output. */
  readonly outputs: readonly NamedExpr[];
  readonly sink: SinkTarget;
  readonly trigger: TriggerSpec;
  readonly maxRecordsPerBatch: number;
  readonly span: Span;
}
