import type { ConnectorName } from './specs.js';
import type { Span } from './Span.js';

export type StreamFormat = 'json';
export type StartingOffsets = 'earliest' | 'latest';

/** Kafka topics by name, or every topic whose name matches a pattern. */
export type TopicSelector = { readonly names: readonly string[] } | { readonly pattern: string };

/** Where a query's rows come from, once names are resolved. */
export type SourceDef =
  | {
      /** Read continuously: a connector in the `streamSource` role, such as Kafka. */
      readonly kind: 'stream';
      readonly connector: ConnectorName;
      /** As written in FROM, for messages and EXPLAIN. */
      readonly name: string;
      readonly topics: TopicSelector;
      readonly format: StreamFormat;
      readonly startingOffsets: StartingOffsets;
      readonly groupId?: string;
      /** The FROM clause: what a diagnostic about the source points at. */
      readonly span: Span;
    }
  /** Read once (a batch query): a connector in the `tableSource` role. */
  | { readonly kind: 'table'; readonly name: string; readonly connector: ConnectorName; readonly span: Span };
