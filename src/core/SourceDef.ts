import type { ConnectorName } from './specs.js';
import type { Span } from './Span.js';

export type StreamFormat = 'json' | 'csv';

/** How a CSV record value is read (Spark's CSV option names, in k2o's spelling). */
export interface CsvFormat {
  /** The first line of each record names its columns; otherwise lines follow the declared column order. */
  readonly header: boolean;
  readonly delimiter: string;
  readonly quote: string;
  readonly escape: string;
  /** An unquoted field equal to this is NULL. */
  readonly nullValue: string;
  /** The declared column names in order: without a header, field i is column i (the scan may decode fewer). */
  readonly columns: readonly string[];
}

/** Where one partition starts: an offset, or the log's start or end. */
export type PartitionStart = number | 'earliest' | 'latest';

/**
 * Where partitions start that the sink has no offsets for: the log's start or
 * end, the first record at or after an instant (epoch ms), or given offsets
 * per topic and partition (partitions left out start at the earliest).
 */
export type StartingOffsets =
  | 'earliest'
  | 'latest'
  | { readonly timestamp: number }
  | { readonly offsets: Readonly<Record<string, Readonly<Record<string, PartitionStart>>>> };

/** Consumer settings a statement may give (each the Java consumer's setting of the same meaning). */
export interface ConsumerSettings {
  readonly sessionTimeoutMs?: number;
  readonly heartbeatIntervalMs?: number;
  readonly fetchMinBytes?: number;
  readonly fetchMaxBytes?: number;
  readonly maxPartitionFetchBytes?: number;
  readonly fetchMaxWaitMs?: number;
  readonly isolationLevel?: 'read_committed' | 'read_uncommitted';
  readonly clientId?: string;
}

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
      /** Set when `format` is 'csv'. */
      readonly csv?: CsvFormat;
      readonly startingOffsets: StartingOffsets;
      readonly groupId?: string;
      readonly consumer?: ConsumerSettings;
      /** The FROM clause: what a diagnostic about the source points at. */
      readonly span: Span;
    }
  /** Read once (a batch query): a connector in the `tableSource` role. */
  | { readonly kind: 'table'; readonly name: string; readonly connector: ConnectorName; readonly span: Span };

/** A start position as EXPLAIN shows it. */
export function formatStartingOffsets(s: StartingOffsets): string {
  if (typeof s === 'string') return s;
  if ('timestamp' in s) return `@${new Date(s.timestamp).toISOString()}`;
  return JSON.stringify(s.offsets);
}
