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

/**
 * A physical operator at run time: a batch of rows in, a batch out. Stateful
 * operators snapshot their state so it can commit with the batch's offsets.
 */
export interface Operator {
  readonly name: string;
  /**
   * Set by buildOperators (state/operatorId.ts): saved state is filed under it,
   * so state is only ever restored into the same operator.
   */
  id?: string;
  process(rows: Row[], ctx: BatchContext): Row[];
  snapshot?(): unknown;
  restore?(state: unknown): void;
  /** How many rows (groups, sessions, keys) the state holds: what progress reports per operator. */
  stateRows?(): number;
}
