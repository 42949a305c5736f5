import type { Row } from '../../core/Schema.js';

/** What operators share while one micro-batch flows through them. */
export interface BatchContext {
  /** Event-time watermark (epoch ms) when the batch began; -Infinity before any event. */
  readonly watermark: number;
  /** The watermark after this batch's rows, set by the watermark operator. */
  nextWatermark: number;
  /**
   * The `partitionKey` of each decoded row, aligned with the rows the source
   * produced: only an operator directly above the source may read it.
   */
  readonly sourcePartitions: readonly string[];
  /** The `partitionKey` of every partition with records the source has not delivered yet. */
  readonly pendingPartitions: ReadonlySet<string>;
  /** Rows dropped because their window had already closed. */
  lateRows: number;
  /** Set when the query routes its late rows (LATE ROWS INTO): each late row, with the window it missed. */
  readonly late?: LateRow[];
  /**
   * Set when an aggregate query routes its failed rows (FAILED ROWS INTO): the
   * quality check puts each failing row here, with its verdicts and the rules it
   * failed, instead of passing it on to the aggregate.
   */
  readonly failed?: Row[];
}

/** A row a window operator dropped as late: its input row, and the window it missed (the last one, for a sliding window). */
export interface LateRow {
  readonly row: Row;
  readonly windowStart: number;
  readonly windowEnd: number;
}

/** One entry of an operator's keyed state: its key, the key group of its group key, and its value (JSON-able). */
export interface OperatorEntry {
  readonly key: string;
  readonly keyGroup: number;
  readonly value: unknown;
}

/** What an operator's state changed since the last commit: entries written, stored keys removed. */
export interface OperatorChanges {
  readonly put: readonly OperatorEntry[];
  readonly deleted: readonly { readonly keyGroup: number; readonly key: string }[];
}

/**
 * The keyed state of a stateful operator, committed with each batch as only
 * what the batch changed (state/savedState.ts): a window, session or dedup key
 * is an entry, written when it changes and deleted when it closes.
 */
export interface OperatorState {
  /** The changes since the last call: what the batch about to commit writes. */
  takeChanges(): OperatorChanges;
  /**
   * Replaces the state by committed entries (values parsed back from JSON).
   * `unstored`: they come from a whole-state snapshot of an older format, so
   * none is stored as an entry yet and the next commit writes them all.
   */
  restore(entries: Iterable<readonly [key: string, value: unknown]>, unstored: boolean): void;
  /** The entries that this operator's part of an older whole-state snapshot (format 2) holds. */
  entriesOfSnapshot(snapshot: unknown): [string, unknown][];
  /**
   * How many rows (groups, sessions, keys) the state holds: what progress
   * reports per operator. Absent for the watermark's per-partition maxima,
   * which progress reports as the event time, as Spark does.
   */
  rows?(): number;
}

/**
 * A physical operator at run time: a batch of rows in, a batch out. Stateful
 * operators keep their state as entries that commit with the batch's offsets.
 */
export interface Operator {
  readonly name: string;
  /**
   * Set by buildOperators (state/operatorId.ts): saved state is filed under it,
   * so state is only ever restored into the same operator.
   */
  id?: string;
  process(rows: Row[], ctx: BatchContext): Row[];
  readonly state?: OperatorState;
}
