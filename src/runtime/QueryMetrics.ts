/** Counters of one running query, as the monitoring and the CLI show them. */
export interface QueryMetrics {
  batches: number;
  recordsIn: number;
  rowsOut: number;
  deadLetters: number;
  lateRows: number;
  /** Event-time watermark (epoch ms), -Infinity before the first event. */
  watermark: number;
  lastBatchMillis: number;
  sinkRetries: number;
}

export function newMetrics(): QueryMetrics {
  return { batches: 0, recordsIn: 0, rowsOut: 0, deadLetters: 0, lateRows: 0, watermark: -Infinity, lastBatchMillis: 0, sinkRetries: 0 };
}
