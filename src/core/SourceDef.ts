import type { Span } from './Span.js';
import type { DatabaseKind } from './specs.js';

export type StreamFormat = 'json';
export type StartingOffsets = 'earliest' | 'latest';

/** Kafka topics by name, or every topic whose name matches a pattern. */
export type TopicSelector = { readonly names: readonly string[] } | { readonly pattern: string };

/** Where a query's rows come from, once names are resolved. */
export type SourceDef =
  | {
      readonly kind: 'kafka';
      /** As written in FROM, for messages and EXPLAIN. */
      readonly name: string;
      readonly topics: TopicSelector;
      readonly format: StreamFormat;
      readonly startingOffsets: StartingOffsets;
      readonly groupId?: string;
      /** The FROM clause: what a diagnostic about the source points at. */
      readonly span: Span;
    }
  | { readonly kind: 'table'; readonly name: string; readonly database: DatabaseKind; readonly span: Span };

