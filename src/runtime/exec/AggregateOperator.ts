import type { AggregateCall, NamedExpr, WindowSpec } from '../../core/specs.js';
import type { WriteMode } from '../../core/specs.js';
import { compileExpr } from '../../expr/compileExpr.js';
import { type Evaluator } from '../../expr/Evaluator.js';
import type { Row, Schema } from '../../core/Schema.js';
import { restoreValue } from '../state/restoreValue.js';
import { accumulatorFor } from './accumulators.js';
import { groupId } from './groupKey.js';
import type { BatchContext, Operator } from './Operator.js';

interface Group {
  readonly keys: unknown[];
  readonly accs: unknown[];
}

/** Groups of one window start (or of the whole stream, without a window). */
type Pane = Map<string, Group>;

/** No window: all groups live in one pane at this start. */
const GLOBAL = -Infinity;

export interface AggregateSpec {
  readonly window?: WindowSpec;
  readonly groupBy: readonly NamedExpr[];
  readonly aggregates: readonly AggregateCall[];
  readonly emit: WriteMode;
}

/**
 * Runs TumblingWindowAggregateExec, SlidingWindowAggregateExec and
 * UpdatingAggregateExec. State is a pane per window start; the watermark closes
 * panes. APPEND emits a window once, when it closes; UPDATE emits the groups a
 * batch changed; COMPLETE emits every group every batch and keeps them all.
 * A row whose windows have all closed is late: counted (and routed, with its
 * latest window, when the query has LATE ROWS INTO), not added.
 */
export function aggregateOperator(spec: AggregateSpec, input: Schema, name: string): Operator {
  const keyEvals = spec.groupBy.map((g) => compileExpr(g.expr, input));
  const argEvals: (Evaluator | undefined)[] = spec.aggregates.map((a) => a.arg && compileExpr(a.arg, input));
  const accs = spec.aggregates.map(accumulatorFor);
  const restoreKeys = spec.groupBy.map((g) => restoreValue(g.expr.type));
  const win = spec.window;
  const timeIndex = win ? input.findIndex((c) => c.name === win.timeColumn) : -1;
  const size = win?.sizeMs ?? 0;
  const slide = win?.slideMs ?? size;
  const panes = new Map<number, Pane>();
  const dirty = new Set<Group>();
  const dirtyStart = new Map<Group, number>();

  const windowStarts = (t: number): number[] => {
    const last = Math.floor(t / slide) * slide;
    const starts: number[] = [];
    for (let s = last; s > t - size; s -= slide) starts.push(s);
    return starts;
  };

  const output = (start: number, g: Group): Row => {
    const row: Row = [...g.keys];
    if (win) row.push(start, start + size);
    for (let i = 0; i < accs.length; i++) row.push(accs[i]!.result(g.accs[i]));
    return row;
  };

  const addRow = (row: Row, start: number) => {
    let pane = panes.get(start);
    if (!pane) panes.set(start, (pane = new Map()));
    const keys = keyEvals.map((k) => k(row));
    const id = groupId(keys);
    let group = pane.get(id);
    if (!group) pane.set(id, (group = { keys, accs: accs.map((a) => a.init()) }));
    for (let i = 0; i < accs.length; i++) {
      const arg = argEvals[i];
      group.accs[i] = accs[i]!.add(group.accs[i], arg ? (arg(row) ?? null) : 0);
    }
    if (spec.emit === 'update') {
      dirty.add(group);
      dirtyStart.set(group, start);
    }
  };

  return {
    name,
    process(rows: Row[], ctx: BatchContext): Row[] {
      const keepLate = spec.emit === 'complete';
      for (const row of rows) {
        if (!win) {
          addRow(row, GLOBAL);
          continue;
        }
        const t = row[timeIndex];
        if (typeof t !== 'number') continue;
        let added = false;
        const starts = windowStarts(t);
        for (const start of starts) {
          if (!keepLate && start + size <= ctx.watermark) continue;
          addRow(row, start);
          added = true;
        }
        if (added) continue;
        ctx.lateRows++;
        // windowStarts lists the latest window first: the last one that could still have taken the row.
        ctx.late?.push({ row, windowStart: starts[0]!, windowEnd: starts[0]! + size });
      }
      const out: Row[] = [];
      if (spec.emit === 'complete') {
        for (const [start, pane] of panes) for (const g of pane.values()) out.push(output(start, g));
        return out;
      }
      if (spec.emit === 'update') {
        for (const g of dirty) out.push(output(dirtyStart.get(g)!, g));
        dirty.clear();
        dirtyStart.clear();
      }
      // The watermark at +∞ is the end of a bounded input (a batch query): its groups are final.
      if (!win && spec.emit === 'append' && ctx.nextWatermark === Infinity) {
        const pane = panes.get(GLOBAL);
        if (pane) for (const g of pane.values()) out.push(output(GLOBAL, g));
        // Without GROUP BY, SQL answers one row even for no input: count(*) = 0.
        else if (spec.groupBy.length === 0) out.push(output(GLOBAL, { keys: [], accs: accs.map((a) => a.init()) }));
        panes.clear();
      }
      if (win) {
        const closed = [...panes.keys()].filter((s) => s + size <= ctx.nextWatermark).sort((a, b) => a - b);
        for (const start of closed) {
          if (spec.emit === 'append') for (const g of panes.get(start)!.values()) out.push(output(start, g));
          panes.delete(start);
        }
      }
      return out;
    },
    snapshot() {
      return [...panes].map(([start, pane]) => [
        start === GLOBAL ? null : start,
        [...pane].map(([id, g]) => [id, g.keys, g.accs.map((a, i) => accs[i]!.save(a))]),
      ]);
    },
    stateRows: () => [...panes.values()].reduce((n, pane) => n + pane.size, 0),
    restore(state: unknown) {
      panes.clear();
      for (const [start, groups] of state as [number | null, [string, unknown[], unknown[]][]][]) {
        const pane: Pane = new Map();
        for (const [id, keys, saved] of groups)
          pane.set(id, { keys: keys.map((k, i) => restoreKeys[i]!(k)), accs: saved.map((s, i) => accs[i]!.load(s)) });
        panes.set(start ?? GLOBAL, pane);
      }
    },
  };
}
