import type { Row, Schema } from '../../core/Schema.js';
import type { RouteName } from '../../core/specs.js';
import type { StateCommit, StoredState } from './StateEntries.js';

/** How a sink applies the rows of a batch. */
export type SinkMode = 'append' | 'update' | 'complete';

/** What a sink needs to know to create and fill its target. */
export interface SinkSpec {
  /** Target table name as written in the query (unquoted identifiers are case-insensitive). */
  readonly table: string;
  readonly schema: Schema;
  readonly mode: SinkMode;
  /** Key columns for UPDATE mode (upsert). */
  readonly key: readonly string[];
  /** Identifies the query whose offsets are stored with its rows. */
  readonly queryId: string;
  /**
   * `DEAD LETTERS INTO <same database> t`: the table, as written in the query, that
   * takes the query's dead letters; absent means k2o_dead_letters beside the table.
   */
  readonly deadLetterTable?: string;
  /** The connector's own options from INTO … WITH (…), checked against its descriptor. */
  readonly options?: Readonly<Record<string, string | number>>;
  /** The column the source's watermark is declared on: a sink that stamps records with event time finds it in the output by this name. */
  readonly watermarkColumn?: string;
  /** The `group_id` declared for the query's stream source, where a sink that commits offsets to the consumer group sends them. */
  readonly sourceGroupId?: string;
  /** FAILED ROWS / LATE ROWS INTO a table of the same database (a topic of the same cluster): where each route's rows go, and their columns. */
  readonly routes?: Readonly<Partial<Record<RouteName, RouteSpec>>>;
}

/** A route's table (or topic), as written in the query, and the columns of the rows it takes. */
export interface RouteSpec {
  readonly table: string;
  readonly schema: Schema;
}

/** A batch's rows for its routes, each following its route's `schema`. */
export type RoutedRows = Readonly<Partial<Record<RouteName, readonly Row[]>>>;

/** The next offset to read, per topic partition: what is stored beside the rows. */
export interface SourceOffset {
  readonly topic: string;
  readonly partition: number;
  /** Next offset to consume (Kafka's committed-offset convention), as a decimal string. */
  readonly offset: string;
}

/**
 * A record that could not become a row, as stored in the dead-letter table. Key
 * and value are text so that a person can read them with plain SQL: the bytes as
 * UTF-8 when they are valid UTF-8 without NUL characters (which PostgreSQL text
 * cannot hold) and do not start with `base64:`; otherwise `base64:` followed by
 * the bytes in base64. `recordText` and `recordBytes` (deadLetterRow.ts) convert.
 */
export interface DeadLetterRow {
  readonly topic: string;
  readonly partition: number;
  /** The record's own offset (not the next one), as a decimal string. */
  readonly offset: string;
  /** The record's timestamp, epoch ms. */
  readonly timestamp: number;
  /** null when the record has no key. */
  readonly key: string | null;
  /** null for a tombstone (no value). */
  readonly value: string | null;
  /** Why the record could not become a row, naming the field where there is one. */
  readonly reason: string;
}

/** What a sink's writeBatch committed, beyond what it was given. */
export interface WrittenBatch {
  /** Rows the database refused one by one, committed as dead letters instead. */
  readonly refusedRows: number;
}

/**
 * A sink writes a batch's rows and the source offsets that produced them in one
 * transaction, so that after a crash the stored offsets say exactly which rows
 * are in the table (DESIGN §3, exactly once without XA).
 */
export interface Sink {
  /**
   * The sink's own commit puts the offsets where lag tools read them (a Kafka
   * sink commits them to the consumer group in its transaction): the runner
   * then makes no separate lag commit, which could move them back.
   */
  readonly recordsLag?: boolean;
  /** Connects, creates the target table when absent, the k2o offsets and state tables and the dead-letter table. */
  open(): Promise<void>;
  /** Offsets committed with earlier batches of this query; empty on first run. */
  readOffsets(): Promise<SourceOffset[]>;
  /** Operator state committed with the last batch (the query's header entry and every operator's entries); undefined on first run. */
  readState(): Promise<StoredState | undefined>;
  /**
   * Writes rows, offsets, when given the batch's changes of the query's operator
   * state (its header replaced, entries written, entries deleted), and
   * the batch's dead letters, atomically: a dead letter is stored exactly when the
   * offsets that skip its record are. `rows` follow `spec.schema`. Writing a dead
   * letter already stored for this query (a replayed batch) leaves the stored one.
   *
   * `from` is where the batch started: each partition's position before it, as
   * the process that ran it knew them. The batch commits only if every stored
   * offset equals its partition's `from` (nothing else committed for the query
   * since this process last read or wrote them), else it throws
   * BatchFencedError and writes nothing. Without `from` only a batch behind the
   * stored offsets is refused (QueryFencedError), for callers that write tables
   * directly rather than run a query.
   *
   * `routed` are the rows for the spec's routes, written in the same transaction.
   * A sink whose database can refuse single rows (stored as dead letters while
   * the others commit) says how many it refused.
   */
  writeBatch(
    rows: readonly Row[],
    offsets: readonly SourceOffset[],
    state?: StateCommit,
    deadLetters?: readonly DeadLetterRow[],
    from?: readonly SourceOffset[],
    routed?: RoutedRows,
  ): Promise<void | WrittenBatch>;
  /**
   * Waits until this process is the query's active one: it holds the query's
   * lease (a database lock) until close(). While another process holds it,
   * calls `onStandby` once and keeps asking. False when `signal` ended the wait
   * first. Absent: every process of a query runs as an active one.
   */
  holdLease?(onStandby: () => void, signal?: AbortSignal): Promise<boolean>;
  close(): Promise<void>;
}
