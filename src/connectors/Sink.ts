import type { Row, Schema } from '../runtime/Row.js';

/** How a sink applies the rows of a batch. */
export type SinkMode = 'append' | 'update' | 'complete';

/** What a relational sink needs to know to create and fill its table. */
export interface SinkSpec {
  /** Target table name as written in the query (unquoted identifiers are case-insensitive). */
  readonly table: string;
  readonly schema: Schema;
  readonly mode: SinkMode;
  /** Key columns for UPDATE mode (upsert). */
  readonly key: readonly string[];
  /** Identifies the query whose offsets are stored with its rows. */
  readonly queryId: string;
}

/** The next offset to read, per topic partition: what is stored beside the rows. */
export interface SourceOffset {
  readonly topic: string;
  readonly partition: number;
  /** Next offset to consume (Kafka's committed-offset convention), as a decimal string. */
  readonly offset: string;
}

/**
 * A sink writes a batch's rows and the source offsets that produced them in one
 * transaction, so that after a crash the stored offsets say exactly which rows
 * are in the table (DESIGN §3, exactly once without XA).
 */
export interface Sink {
  /** Connects, creates the target table when absent and the k2o offsets table. */
  open(): Promise<void>;
  /** Offsets committed with earlier batches of this query; empty on first run. */
  readOffsets(): Promise<SourceOffset[]>;
  /** Operator state committed with the last batch (open windows, watermark); undefined on first run. */
  readState(): Promise<string | undefined>;
  /**
   * Writes rows, offsets and, when given, the query's operator state (JSON text)
   * atomically. `rows` follow `spec.schema`.
   */
  writeBatch(rows: readonly Row[], offsets: readonly SourceOffset[], state?: string): Promise<void>;
  close(): Promise<void>;
}
