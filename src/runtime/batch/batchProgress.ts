import type { BatchProgress } from '../BatchProgress.js';
import type { QueryMetrics } from '../QueryMetrics.js';
import type { BatchChunk } from './batchOutput.js';

/**
 * A committed micro-batch of a batch query as progress. The table is its one
 * "partition": its offsets count the rows read before and after the batch.
 */
export function chunkProgress(
  m: Readonly<QueryMetrics>,
  table: string,
  chunk: BatchChunk,
  outputRows: number,
  committedAt: number,
): BatchProgress {
  const operated = chunk.startedAt + chunk.fetchMs + chunk.operatorsMs;
  return {
    batchId: m.batches - 1,
    startedAt: chunk.startedAt,
    numInputRows: chunk.inputRows,
    numOutputRows: outputRows,
    numDeadLetters: 0,
    numLateRows: 0,
    watermark: -Infinity,
    // A table's rows carry no record time: latency counts from when they were read.
    oldestRecordAt: chunk.startedAt,
    deadLetters: [],
    durationMs: {
      fetch: chunk.fetchMs,
      decode: 0,
      operators: chunk.operatorsMs,
      commit: committedAt - operated,
      total: committedAt - chunk.startedAt,
    },
    stateOperators: [],
    sources: [
      {
        topic: table,
        partition: 0,
        startOffset: String(m.recordsIn - chunk.inputRows),
        endOffset: String(m.recordsIn),
        numInputRows: chunk.inputRows,
      },
    ],
  };
}
