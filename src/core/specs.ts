import type { BoundExpr } from './BoundExpr.js';
import type { Span } from './Span.js';

/** A connector as queries name it, lower case: `kafka`, `postgres`. The analyzer checks it against the catalog. */
export type ConnectorName = string;

/** How a streaming query writes. */
export type WriteMode = 'append' | 'update' | 'complete';
/** How a batch INSERT treats a target that already has rows. */
export type InsertMode = 'overwrite' | 'append' | 'ignore' | 'error';

export type AggregateFn = 'count' | 'sum' | 'avg' | 'min' | 'max';

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
  readonly connector: ConnectorName;
  /** Table or topic name; undefined for the console. */
  readonly target?: string;
  /** Streaming modes for queries; batch modes for INSERT. */
  readonly mode: WriteMode | InsertMode;
  readonly key: readonly string[];
  /** The connector's own options, given after INTO … WITH (…); absent when none are. */
  readonly options?: Readonly<Record<string, string | number>>;
  /** Where the text names it (the word after INTO, or the whole route clause): what a diagnostic about it points at. */
  readonly span: Span;
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

/** The routes that take rows of the query (dead letters take records, in their own shape). */
export type RouteName = 'failed' | 'late';
