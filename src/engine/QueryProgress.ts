import type { BatchDurations, BatchProgress, OperatorStateFigures } from '../runtime/BatchProgress.js';
import type { LagSample } from '../runtime/LagSampler.js';
import type { QueryMetrics } from '../runtime/QueryMetrics.js';

/** One partition a query reads, over its last batch. */
export interface SourceProgress {
  /** The source's connector, as FROM names it (`kafka`). */
  readonly description: string;
  readonly topic: string;
  readonly partition: number;
  /** Next offset to read before and after the batch (Kafka's convention), decimal strings. */
  readonly startOffset: string;
  readonly endOffset: string;
  readonly numInputRows: number;
}

/**
 * The last batch of a query, in the shape of Spark's StreamingQueryProgress
 * where it fits, plus the run's totals (which Spark leaves to its listeners).
 */
export interface QueryProgress {
  readonly id: string;
  readonly runId: string;
  readonly name: string;
  readonly batchId: number;
  /** When the batch began (ISO 8601). */
  readonly timestamp: string;
  readonly numInputRows: number;
  readonly numOutputRows: number;
  /** Records per second since the previous batch began (since the start, for the first). */
  readonly inputRowsPerSecond: number;
  /** Records per second of the batch's own duration. */
  readonly processedRowsPerSecond: number;
  readonly durationMs: BatchDurations;
  /** From the Kafka timestamp of the batch's oldest record to the batch's commit. */
  readonly endToEndLatencyMs: number;
  /** The event-time watermark after the batch (ISO 8601); absent before the first event time. */
  readonly eventTime: { readonly watermark?: string };
  readonly stateOperators: readonly OperatorStateFigures[];
  readonly numLateRows: number;
  readonly numDeadLetters: number;
  readonly sources: readonly SourceProgress[];
  /**
   * The consumer lag per partition as last sampled when the batch committed
   * (sampled on a timer; Spark's Kafka source reports the same as
   * `sources[].metrics.maxOffsetsBehindLatest`); absent before the first sample.
   */
  readonly lag?: LagSample;
  readonly totals: {
    readonly batches: number;
    readonly numInputRows: number;
    readonly numOutputRows: number;
    readonly numDeadLetters: number;
    readonly numLateRows: number;
    readonly sinkRetries: number;
  };
}

export interface QueryNames {
  readonly id: string;
  readonly runId: string;
  readonly name: string;
}

/** The runner's figures of a batch as a progress report; `previousStart` is when the batch before it began. */
export function toProgress(
  names: QueryNames,
  source: string,
  batch: BatchProgress,
  totals: Readonly<QueryMetrics>,
  previousStart: number,
  lag?: LagSample,
): QueryProgress {
  const perSecond = (rows: number, ms: number) => (ms > 0 ? (rows * 1000) / ms : 0);
  return {
    ...names,
    batchId: batch.batchId,
    timestamp: new Date(batch.startedAt).toISOString(),
    numInputRows: batch.numInputRows,
    numOutputRows: batch.numOutputRows,
    inputRowsPerSecond: perSecond(batch.numInputRows, batch.startedAt - previousStart),
    processedRowsPerSecond: perSecond(batch.numInputRows, batch.durationMs.total),
    durationMs: batch.durationMs,
    endToEndLatencyMs: Math.max(0, batch.startedAt + batch.durationMs.total - batch.oldestRecordAt),
    eventTime: Number.isFinite(batch.watermark) ? { watermark: new Date(batch.watermark).toISOString() } : {},
    stateOperators: batch.stateOperators,
    numLateRows: batch.numLateRows,
    numDeadLetters: batch.numDeadLetters,
    sources: batch.sources.map((s) => ({ description: source, ...s })),
    ...(lag && { lag }),
    totals: {
      batches: totals.batches,
      numInputRows: totals.recordsIn,
      numOutputRows: totals.rowsOut,
      numDeadLetters: totals.deadLetters,
      numLateRows: totals.lateRows,
      sinkRetries: totals.sinkRetries,
    },
  };
}
