import type { AggregateCall, NamedExpr, WindowSpec } from '../../core/specs.js';
import type { WriteMode } from '../../core/specs.js';
import { compileExpr } from '../../expr/compileExpr.js';
import { type Evaluator } from '../../expr/Evaluator.js';
import type { Row, Schema } from '../../core/Schema.js';
import { ChangedEntries } from '../state/ChangedEntries.js';
import { keyGroupOf } from '../state/keyGroup.js';
import { restoreValue } from '../state/restoreValue.js';
import { accumulatorFor } from './accumulators.js';
import { groupId } from './groupKey.js';
import type { BatchContext, Operator } from './Operator.js';

interface Group {
  /** The pane's window start (GLOBAL without a window), and groupId of the keys: together the group's state key. */
  readonly start: number;
  readonly id: string;
  readonly keys: unknown[];
  readonly accs: unknown[];
  /** Order of creation, saved with the group: a restored pane emits its groups in the order they came, as one never restored does. */
  readonly seq: number;
}

/** A group's state key: its window start (empty for GLOBAL), '/', its groupId. */
function stateKey(start: number, id: string): string {
  return `${start === GLOBAL ? '' : start}/${id}`;
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
  const changes = new ChangedEntries<Group>();
  let nextSeq = 0;

  const closePane = (start: number, pane: Pane) => {
    for (const g of pane.values()) changes.deleted(g, stateKey(start, g.id), keyGroupOf(g.id));
    panes.delete(start);
  };

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
    if (!group) {
      pane.set(id, (group = { start, id, keys, accs: accs.map((a) => a.init()), seq: nextSeq++ }));
      changes.created(group);
    } else changes.changed(group);
    for (let i = 0; i < accs.length; i++) {
      const arg = argEvals[i];
      group.accs[i] = accs[i]!.add(group.accs[i], arg ? (arg(row) ?? null) : 0);
    }
    if (spec.emit === 'update') dirty.add(group);
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
        for (const g of dirty) out.push(output(g.start, g));
        dirty.clear();
      }
      // The watermark at +∞ is the end of a bounded input (a batch query): its groups are final.
      if (!win && spec.emit === 'append' && ctx.nextWatermark === Infinity) {
        const pane = panes.get(GLOBAL);
        if (pane) for (const g of pane.values()) out.push(output(GLOBAL, g));
        // Without GROUP BY, SQL answers one row even for no input: count(*) = 0.
        else if (spec.groupBy.length === 0)
          out.push(output(GLOBAL, { start: GLOBAL, id: '', keys: [], accs: accs.map((a) => a.init()), seq: -1 }));
        if (pane) closePane(GLOBAL, pane);
      }
      if (win) {
        const closed = [...panes.keys()].filter((s) => s + size <= ctx.nextWatermark).sort((a, b) => a - b);
        for (const start of closed) {
          const pane = panes.get(start)!;
          if (spec.emit === 'append') for (const g of pane.values()) out.push(output(start, g));
          closePane(start, pane);
        }
      }
      return out;
    },
    state: {
      takeChanges: () =>
        changes.take((g) => ({
          key: stateKey(g.start, g.id),
          keyGroup: keyGroupOf(g.id),
          value: [g.keys, g.accs.map((a, i) => accs[i]!.save(a)), g.seq],
        })),
      rows: () => [...panes.values()].reduce((n, pane) => n + pane.size, 0),
      restore(entries, unstored) {
        panes.clear();
        dirty.clear();
        changes.clear();
        const groups: Group[] = [];
        for (const [key, value] of entries) {
          const slash = key.indexOf('/');
          const [keys, saved, seq] = value as [unknown[], unknown[], number];
          groups.push({
            start: slash === 0 ? GLOBAL : Number(key.slice(0, slash)),
            id: key.slice(slash + 1),
            keys: keys.map((k, i) => restoreKeys[i]!(k)),
            accs: saved.map((x, i) => accs[i]!.load(x)),
            seq,
          });
        }
        // Panes in time order and groups in the order they came, as an operator never restored holds them.
        groups.sort((a, b) => a.start - b.start || a.seq - b.seq);
        for (const g of groups) {
          let pane = panes.get(g.start);
          if (!pane) panes.set(g.start, (pane = new Map()));
          pane.set(g.id, g);
          if (unstored) changes.created(g);
        }
        nextSeq = groups.reduce((n, g) => Math.max(n, g.seq + 1), 0);
      },
      entriesOfSnapshot: (snapshot) => {
        let seq = 0;
        return (snapshot as [number | null, [string, unknown[], unknown[]][]][]).flatMap(([start, groups]) =>
          groups.map(([id, keys, saved]): [string, unknown] => [stateKey(start ?? GLOBAL, id), [keys, saved, seq++]]),
        );
      },
    },
  };
}
