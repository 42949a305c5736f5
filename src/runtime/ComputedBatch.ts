import type { Row } from '../core/Schema.js';
import type { OperatorStateFigures } from './BatchProgress.js';
import type { DeadLetter } from './decode/decodeJson.js';
import type { BatchFencedError } from './ports/BatchFencedError.js';
import type { RoutedRows, SourceOffset } from './ports/Sink.js';
import type { StateCommit } from './ports/StateEntries.js';

/** A micro-batch through the operators, waiting for its commit: what the sink writes, and what progress reports once it has. */
export interface ComputedBatch {
  readonly rows: readonly Row[];
  readonly routed: RoutedRows;
  /** Every partition's position after the batch: what commits with it. */
  readonly offsets: readonly SourceOffset[];
  /** Every partition's position before it: the commit's fence. */
  readonly from: readonly SourceOffset[];
  readonly state: StateCommit;
  readonly stateFigures: readonly OperatorStateFigures[];
  readonly deadLetters: readonly DeadLetter[];
  /** The watermark after the batch. */
  readonly watermark: number;
  readonly lateRows: number;
  readonly numInputRows: number;
  readonly oldestRecordAt: number;
  readonly before: ReadonlyMap<string, SourceOffset>;
  /** Records per partition key. */
  readonly counts: ReadonlyMap<string, number>;
  readonly times: { readonly fetchStarted: number; readonly started: number; readonly decodedAt: number; readonly operated: number };
}

/** A batch whose commit was fenced (another process committed for the query): nothing of it was written. */
export interface FencedBatch {
  readonly from: readonly SourceOffset[];
  readonly error: BatchFencedError;
}
