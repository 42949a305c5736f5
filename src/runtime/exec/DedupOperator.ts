import { compileExpr } from '../../expr/compileExpr.js';
import type { Row, Schema } from '../../core/Schema.js';
import { ChangedEntries } from '../state/ChangedEntries.js';
import { keyGroupOf } from '../state/keyGroup.js';
import type { BatchContext, Operator } from './Operator.js';

/**
 * Runs DedupExec: the first row of each key passes, later rows of that key
 * within `withinMs` are dropped. With an event-time column the bound is in event
 * time and keys are forgotten once the watermark is `withinMs` past them; without
 * one it is arrival time. `withinMs` Infinity (SELECT DISTINCT) never forgets.
 *
 * By event time, a row already `withinMs` or more behind the watermark when its
 * batch began is late: dropped and counted, as Spark's dropDuplicatesWithinWatermark
 * drops rows behind its watermark. Its key may have been forgotten, and letting it
 * through would write a re-sent copy of a row a second time.
 */
export function dedupOperator(keys: readonly string[], withinMs: number, timeColumn: string | undefined, input: Schema): Operator {
  const keyEvals = keys.map((k) => compileExpr({ kind: 'column', name: k, type: { kind: 'UNKNOWN' } }, input));
  const timeIndex = timeColumn ? input.findIndex((c) => c.name === timeColumn) : -1;
  /** Key → the time it was first seen. */
  const seen = new Map<string, number>();
  const changes = new ChangedEntries<string>();
  return {
    name: 'DedupExec',
    process(rows: Row[], ctx: BatchContext): Row[] {
      const arrival = Date.now();
      const out: Row[] = [];
      for (const row of rows) {
        const id = JSON.stringify(keyEvals.map((k) => k(row)));
        const t = timeIndex >= 0 && typeof row[timeIndex] === 'number' ? (row[timeIndex] as number) : arrival;
        if (timeIndex >= 0 && t + withinMs <= ctx.watermark) {
          ctx.lateRows++;
          continue;
        }
        const first = seen.get(id);
        if (first !== undefined && Math.abs(t - first) < withinMs) continue;
        seen.set(id, t);
        if (first === undefined) changes.created(id);
        else changes.changed(id);
        out.push(row);
      }
      if (withinMs !== Infinity) {
        const now = timeIndex >= 0 ? ctx.nextWatermark : arrival;
        for (const [id, t] of seen)
          if (t + withinMs <= now) {
            seen.delete(id);
            changes.deleted(id, id, keyGroupOf(id));
          }
      }
      return out;
    },
    state: {
      takeChanges: () => changes.take((id) => ({ key: id, keyGroup: keyGroupOf(id), value: seen.get(id)! })),
      rows: () => seen.size,
      restore(entries, unstored) {
        seen.clear();
        changes.clear();
        for (const [id, t] of entries) {
          seen.set(id, t as number);
          if (unstored) changes.created(id);
        }
      },
      entriesOfSnapshot: (snapshot) => (snapshot ?? []) as [string, number][],
    },
  };
}
