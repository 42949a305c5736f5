import type { BatchContext, Operator } from '../../src/runtime/exec/Operator.js';
import type { Row, Schema } from '../../src/core/Schema.js';
import type { CommittedState } from './committedState.js';

export interface Batch {
  readonly rows: Row[];
  /** The watermark after this batch (what WatermarkExec would have set). */
  readonly watermark: number;
}

export interface Run {
  /** Output rows of each batch, as objects by output column name. */
  readonly outputs: Record<string, unknown>[][];
  readonly lateRows: number;
  /** The watermark after the last batch. */
  readonly watermark: number;
}

/**
 * Feeds batches through `op` the way the runner does, the watermark carried
 * from batch to batch; `committed` hears of each batch's end, where the runner
 * commits the state's changes.
 */
export function runBatches(op: Operator, output: Schema, batches: readonly Batch[], start = -Infinity, committed?: CommittedState): Run {
  let watermark = start;
  let lateRows = 0;
  const outputs: Record<string, unknown>[][] = [];
  for (const b of batches) {
    const ctx: BatchContext = {
      watermark,
      nextWatermark: Math.max(watermark, b.watermark),
      sourcePartitions: [],
      pendingPartitions: new Set(),
      lateRows: 0,
    };
    const out = op.process(b.rows, ctx);
    outputs.push(out.map((r) => Object.fromEntries(output.map((c, i) => [c.name, r[i]]))));
    lateRows += ctx.lateRows;
    watermark = ctx.nextWatermark;
    committed?.commit(op);
  }
  return { outputs, lateRows, watermark };
}
