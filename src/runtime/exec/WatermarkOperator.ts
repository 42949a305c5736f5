import type { Row, Schema } from '../../core/Schema.js';
import { ChangedEntries } from '../state/ChangedEntries.js';
import { keyGroupOf } from '../state/keyGroup.js';
import type { BatchContext, Operator } from './Operator.js';

/** How long a fully read partition may stay silent before it stops holding the watermark back. */
export const IDLE_PARTITION_MS = 30_000;

/**
 * Runs WatermarkExec. Event time is tracked per source partition and the
 * watermark is the smallest partition maximum, less the delay: partitions are
 * consumed at different speeds, and one read ahead must not make the records
 * of another late. While a partition with unread records has delivered none,
 * the watermark waits for it; partitions without records do not hold it, and
 * neither does a partition that has nothing unread and has delivered nothing
 * for `idleMs` of processing time (a quiet partition must not keep every
 * window open; a record it delivers later may then be late). The watermark
 * never moves back; it reaches the operators above through the batch context,
 * and rows pass unchanged.
 */
export function watermarkOperator(
  column: string,
  delayMs: number,
  schema: Schema,
  idleMs = IDLE_PARTITION_MS,
  clock: () => number = Date.now,
): Operator {
  const index = schema.findIndex((c) => c.name === column);
  if (index < 0) throw new Error(`internal: watermark column ${column} not in input`);
  const maxByPartition = new Map<string, number>();
  /** When each partition last delivered a row, in processing time. */
  const lastRowAt = new Map<string, number>();
  const changes = new ChangedEntries<string>();
  return {
    name: 'WatermarkExec',
    process(rows: Row[], ctx: BatchContext): Row[] {
      if (ctx.sourcePartitions.length !== rows.length) throw new Error('internal: WatermarkExec must sit directly above the source');
      const now = clock();
      for (let i = 0; i < rows.length; i++) {
        const t = rows[i]![index];
        if (typeof t !== 'number') continue;
        const p = ctx.sourcePartitions[i]!;
        lastRowAt.set(p, now);
        const max = maxByPartition.get(p);
        if (max !== undefined && t <= max) continue;
        maxByPartition.set(p, t);
        if (max === undefined) changes.created(p);
        else changes.changed(p);
      }
      const waiting = [...ctx.pendingPartitions].some((p) => !maxByPartition.has(p));
      if (maxByPartition.size > 0 && !waiting) {
        const active = [...maxByPartition].filter(([p]) => ctx.pendingPartitions.has(p) || now - (lastRowAt.get(p) ?? now) < idleMs);
        const slowest = Math.min(...(active.length > 0 ? active : [...maxByPartition]).map(([, t]) => t));
        ctx.nextWatermark = Math.max(ctx.watermark, slowest - delayMs);
      }
      return rows;
    },
    state: {
      takeChanges: () => changes.take((p) => ({ key: p, keyGroup: keyGroupOf(p), value: maxByPartition.get(p)! })),
      restore(entries, unstored) {
        // A restored partition counts as just heard from: idleness is measured from the restart.
        const now = clock();
        maxByPartition.clear();
        changes.clear();
        for (const [p, t] of entries) {
          maxByPartition.set(p, t as number);
          lastRowAt.set(p, now);
          if (unstored) changes.created(p);
        }
      },
      entriesOfSnapshot: (snapshot) => Object.entries((snapshot ?? {}) as Record<string, number>),
    },
  };
}
