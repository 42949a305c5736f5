import type { WindowSpec } from '../../core/specs.js';
import { compileExpr } from '../../expr/compileExpr.js';
import { type Evaluator } from '../../expr/Evaluator.js';
import type { Row, Schema } from '../../core/Schema.js';
import type { AggregateSpec } from './AggregateOperator.js';
import { ChangedEntries } from '../state/ChangedEntries.js';
import { keyGroupOf } from '../state/keyGroup.js';
import { restoreValue } from '../state/restoreValue.js';
import { accumulatorFor } from './accumulators.js';
import { groupId } from './groupKey.js';
import type { BatchContext, Operator } from './Operator.js';

/**
 * Why MODE UPDATE is refused for session windows. A session's window_start
 * moves when an out-of-order row extends it backwards or a row bridges two
 * sessions into one; the sink upserts by (group keys, window_start), so the row
 * written for the superseded session would stay in the table beside the
 * merged one and count its rows twice. The sinks cannot delete that row, so
 * rather than write a result that is wrong, the query is refused.
 */
export const SESSION_UPDATE_REFUSED =
  'session() windows cannot be written with MODE UPDATE: a session merged with another, or extended backwards by an ' +
  'out-of-order row, gets a new window_start, and the row upserted for the old one would stay in the table beside it. ' +
  'Use MODE APPEND (each session written once, when the watermark passes its end) or MODE COMPLETE';

/** One session of one group: rows whose event times are each at most `gap` after the previous one. */
interface Session {
  /** First and last event time in the session; it ends at `last + gap`. */
  start: number;
  last: number;
  accs: unknown[];
  /** False once merged into another session or emitted: queue entries for it are stale. */
  live: boolean;
}

interface Group {
  readonly id: string;
  readonly keys: unknown[];
  /** Open sessions, by start; any two are more than `gap` apart. */
  readonly sessions: Session[];
  /** Order of creation, saved with the group: a restored COMPLETE query emits its groups in the order they came. */
  readonly seq: number;
  /** APPEND: end of the last session emitted (final), or a floor below which one may have been; no later row may fall at or before it. */
  emittedEnd?: number;
}

/** Work the watermark triggers: close a session at its end, or forget an empty group. */
interface Due {
  readonly at: number;
  readonly group: Group;
  /** Absent: forget the group, if it is still empty and its emitted end can no longer matter. */
  readonly session?: Session;
}

export type SessionSpec = AggregateSpec & { readonly window: WindowSpec };

/**
 * Runs SessionWindowAggregateExec. Per group key, a session is a maximal run of
 * rows whose event times, in order, are at most `gap` apart (the window
 * `session(ts, gap)`); window_start is its first event time and window_end its
 * last plus the gap. A row exactly `gap` after the previous one joins its session,
 * as in Spark (events at 00:00:00 and 00:00:30 with a 30-second gap are one
 * session [00:00:00, 00:01:00)). A row merges every session it is within gap
 * of — two, when it bridges them — and their accumulators are merged.
 *
 * APPEND: a session is emitted once the watermark reaches its end (no on-time
 * row can extend it any more) and is then forgotten; a group keeps the end of
 * its last emitted session for one more gap, so that a row that would change a
 * session already written is recognised. With W the watermark when the batch
 * began, a row is late (counted, not added) when
 *  - it falls at or before the end of its group's last emitted session (it
 *    would extend or precede a result that is already final), or
 *  - its own would-be session [t, t + gap) ends at or before W and it is
 *    within gap of none of its group's sessions open when the batch began.
 * Lateness is decided against the state before the batch, so the order of rows
 * within a batch does not change the result. Every emitted session is thus
 * final, and sessions of one key never overlap or touch.
 *
 * COMPLETE: every session of every group is emitted every batch; nothing is
 * closed and no row is late (the result is rewritten, as for other COMPLETE
 * aggregates).
 *
 * UPDATE is refused: see SESSION_UPDATE_REFUSED.
 */
export function sessionWindowOperator(spec: SessionSpec, input: Schema, name: string): Operator {
  if (spec.emit === 'update') throw new Error(SESSION_UPDATE_REFUSED);
  const append = spec.emit === 'append';
  const keyEvals = spec.groupBy.map((g) => compileExpr(g.expr, input));
  const argEvals: (Evaluator | undefined)[] = spec.aggregates.map((a) => a.arg && compileExpr(a.arg, input));
  const accs = spec.aggregates.map(accumulatorFor);
  const restoreKeys = spec.groupBy.map((g) => restoreValue(g.expr.type));
  const gap = spec.window.sizeMs;
  const timeIndex = input.findIndex((c) => c.name === spec.window.timeColumn);
  if (timeIndex < 0) throw new Error(`internal: session time column ${spec.window.timeColumn} not in input`);
  const groups = new Map<string, Group>();
  const changes = new ChangedEntries<Group>();
  let nextSeq = 0;
  // By time, then group: sessions ending together are emitted in the same order after a restore.
  const due = new MinHeap<Due>((a, b) => a.at - b.at || (a.group.id < b.group.id ? -1 : a.group.id > b.group.id ? 1 : 0));

  const output = (g: Group, s: Session): Row => {
    const row: Row = [...g.keys, s.start, s.last + gap];
    for (let i = 0; i < accs.length; i++) row.push(accs[i]!.result(s.accs[i]));
    return row;
  };

  /** Index of the first session ending at or after t, and how many sessions from there t is within gap of, bounds included (0 to 2). */
  const touching = (sessions: readonly Session[], t: number): [number, number] => {
    let lo = 0;
    let hi = sessions.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sessions[mid]!.last + gap >= t) hi = mid;
      else lo = mid + 1;
    }
    let n = 0;
    while (lo + n < sessions.length && sessions[lo + n]!.start - gap <= t) n++;
    return [lo, n];
  };

  const isLate = (g: Group | undefined, t: number, watermark: number): boolean => {
    if (g?.emittedEnd !== undefined && t <= g.emittedEnd) return true;
    return t + gap <= watermark && (!g || touching(g.sessions, t)[1] === 0);
  };

  const addRow = (g: Group, row: Row, t: number) => {
    changes.changed(g);
    const [at, n] = touching(g.sessions, t);
    let s: Session;
    if (n === 0) {
      s = { start: t, last: t, accs: accs.map((a) => a.init()), live: true };
      g.sessions.splice(at, 0, s);
    } else {
      s = g.sessions[at]!;
      for (let j = 1; j < n; j++) {
        const other = g.sessions[at + j]!;
        for (let i = 0; i < accs.length; i++) s.accs[i] = accs[i]!.merge(s.accs[i], other.accs[i]);
        s.last = Math.max(s.last, other.last);
        other.live = false;
      }
      if (n > 1) g.sessions.splice(at + 1, n - 1);
    }
    const end = s.last + gap;
    s.start = Math.min(s.start, t);
    s.last = Math.max(s.last, t);
    for (let i = 0; i < accs.length; i++) {
      const arg = argEvals[i];
      s.accs[i] = accs[i]!.add(s.accs[i], arg ? (arg(row) ?? null) : 0);
    }
    if (append && (n !== 1 || s.last + gap !== end)) due.push({ at: s.last + gap, group: g, session: s });
  };

  /** APPEND: emits and forgets every session the watermark has passed; drops groups that no longer matter. */
  const close = (watermark: number, out: Row[]) => {
    for (let d = due.peek(); d && d.at <= watermark; d = due.peek()) {
      due.pop();
      const g = d.group;
      if (groups.get(g.id) !== g) continue;
      const s = d.session;
      if (!s) {
        if (g.sessions.length === 0 && g.emittedEnd! + gap <= watermark) {
          groups.delete(g.id);
          changes.deleted(g, g.id, keyGroupOf(g.id));
        }
        continue;
      }
      if (!s.live || s.last + gap !== d.at) continue;
      out.push(output(g, s));
      s.live = false;
      g.sessions.splice(g.sessions.indexOf(s), 1);
      g.emittedEnd = d.at;
      changes.changed(g);
      if (g.sessions.length === 0) due.push({ at: d.at + gap, group: g });
    }
  };

  return {
    name,
    process(rows: Row[], ctx: BatchContext): Row[] {
      // Decide lateness against the state the batch began with, then add.
      const accepted: { row: Row; t: number; keys: unknown[]; id: string }[] = [];
      for (const row of rows) {
        const t = row[timeIndex];
        if (typeof t !== 'number') continue;
        const keys = keyEvals.map((k) => k(row));
        const id = groupId(keys);
        if (append && isLate(groups.get(id), t, ctx.watermark)) {
          ctx.lateRows++;
          // The session it would have opened, had its group's sessions not closed.
          ctx.late?.push({ row, windowStart: t, windowEnd: t + gap });
          continue;
        }
        accepted.push({ row, t, keys, id });
      }
      for (const { row, t, keys, id } of accepted) {
        let g = groups.get(id);
        // A group forgotten earlier emitted sessions ending at or before W - gap: a new one starts with that as its
        // floor, so that rows extending its sessions backwards cannot reach into them.
        if (!g) {
          groups.set(
            id,
            (g = {
              id,
              keys,
              sessions: [],
              seq: nextSeq++,
              ...(append && ctx.watermark > -Infinity && { emittedEnd: ctx.watermark - gap }),
            }),
          );
          changes.created(g);
        }
        addRow(g, row, t);
      }
      const out: Row[] = [];
      if (append) close(ctx.nextWatermark, out);
      else for (const g of groups.values()) for (const s of g.sessions) out.push(output(g, s));
      return out;
    },
    state: {
      takeChanges: () =>
        changes.take((g) => ({
          key: g.id,
          keyGroup: keyGroupOf(g.id),
          value: [g.keys, g.emittedEnd ?? null, g.sessions.map((s) => [s.start, s.last, s.accs.map((a, i) => accs[i]!.save(a))]), g.seq],
        })),
      rows: () => [...groups.values()].reduce((n, g) => n + g.sessions.length, 0),
      restore(entries, unstored) {
        groups.clear();
        due.clear();
        changes.clear();
        const restored = [...entries].map(([id, value]) => {
          const [keys, emittedEnd, sessions, seq] = value as [unknown[], number | null, [number, number, unknown[]][], number];
          const g: Group = {
            id,
            keys: keys.map((k, i) => restoreKeys[i]!(k)),
            sessions: sessions.map(([start, last, saved]) => ({ start, last, accs: saved.map((x, i) => accs[i]!.load(x)), live: true })),
            seq,
          };
          if (emittedEnd !== null) g.emittedEnd = emittedEnd;
          return g;
        });
        nextSeq = restored.reduce((n, g) => Math.max(n, g.seq + 1), 0);
        for (const g of restored.sort((a, b) => a.seq - b.seq)) {
          const emittedEnd = g.emittedEnd ?? null;
          groups.set(g.id, g);
          if (unstored) changes.created(g);
          if (!append) continue;
          for (const s of g.sessions) due.push({ at: s.last + gap, group: g, session: s });
          if (g.sessions.length === 0 && emittedEnd !== null) due.push({ at: emittedEnd + gap, group: g });
        }
      },
      entriesOfSnapshot: (snapshot) =>
        (snapshot as [string, unknown[], number | null, unknown[]][]).map(([id, keys, emittedEnd, sessions], seq): [string, unknown] => [
          id,
          [keys, emittedEnd, sessions, seq],
        ]),
    },
  };
}

/** A binary min-heap: the next session to close is found without scanning every group. */
class MinHeap<T> {
  private items: T[] = [];

  constructor(private readonly compare: (a: T, b: T) => number) {}

  peek(): T | undefined {
    return this.items[0];
  }

  clear(): void {
    this.items = [];
  }

  push(item: T): void {
    const a = this.items;
    a.push(item);
    let i = a.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.compare(a[i]!, a[parent]!) >= 0) break;
      [a[i], a[parent]] = [a[parent]!, a[i]!];
      i = parent;
    }
  }

  pop(): T | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (a.length > 0 && last !== undefined) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && this.compare(a[l]!, a[m]!) < 0) m = l;
        if (r < a.length && this.compare(a[r]!, a[m]!) < 0) m = r;
        if (m === i) break;
        [a[i], a[m]] = [a[m]!, a[i]!];
        i = m;
      }
    }
    return top;
  }
}
