import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../tools/data/orders.js';
import { runBatches, type Batch } from '../helpers/runBatches.js';
import { compile } from '../../src/compile.js';
import type { PhysicalPlan, WindowAggregateExec } from '../../src/plan/physical/PhysicalPlan.js';
import { physicalInputs } from '../../src/plan/physical/PhysicalPlan.js';
import { accumulatorFor } from '../../src/runtime/exec/accumulators.js';
import { SESSION_UPDATE_REFUSED, sessionWindowOperator } from '../../src/runtime/exec/SessionWindowOperator.js';
import type { Operator } from '../../src/runtime/exec/Operator.js';
import { CommittedState } from '../helpers/committedState.js';
import type { Row, Schema } from '../../src/core/Schema.js';

/**
 * The session window operator, built as buildOperators builds it: from the
 * physical plan of a real query. Rows are written by column name and laid out in
 * the operator's input schema. Expected sessions are worked out from the
 * definition (sort a key's event times, split where two neighbours are `gap` or
 * more apart), never from the operator's printed output.
 */
interface Harness {
  readonly op: () => Operator;
  readonly output: Schema;
  readonly row: (values: Record<string, unknown>) => Row;
}

function findSession(plan: PhysicalPlan): WindowAggregateExec {
  let p: PhysicalPlan | undefined = plan;
  while (p && p.kind !== 'SessionWindowAggregateExec') p = physicalInputs(p)[0];
  if (!p) throw new Error('no session window in plan');
  return p as WindowAggregateExec;
}

function harness(text: string): Harness {
  const r = compile(text);
  const errors = r.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new Error(errors.map((d) => d.message).join('; '));
  const agg = findSession(r.queries[0]!.physical);
  const input = agg.input.schema;
  return {
    op: () => sessionWindowOperator(agg, input, agg.kind),
    output: agg.schema,
    row: (values) => input.map((c) => (c.name in values ? values[c.name] : null)),
  };
}

const SEC = 1000;
const GAP = 10 * SEC;
type Out = Record<string, unknown>;

const byKeyAndStart = (a: Out, b: Out) => String(a.k).localeCompare(String(b.k)) || (a.window_start as number) - (b.window_start as number);
const sorted = (rows: readonly Out[]) => [...rows].sort(byKeyAndStart);

interface Event {
  readonly k: string;
  readonly t: number;
  readonly v: number | null;
}

const AGGREGATES =
  'count(*) AS n, count(v) AS nv, sum(v) AS total, min(v) AS lo, max(v) AS hi, avg(v) AS mean, count(DISTINCT v) AS distinct_v';
const QUERY = (mode = '') => `SELECT k, session(t, '10 seconds'), ${AGGREGATES} FROM KAFKA s GROUP BY k INTO CONSOLE ${mode}`;

/** The output row of a session made of `events`, from the definition of each aggregate. */
function sessionRow(k: string, events: readonly Event[]): Out {
  const times = events.map((e) => e.t);
  const values = events.map((e) => e.v).filter((v): v is number => v !== null);
  const total = values.length === 0 ? null : values.reduce((x, y) => x + y, 0);
  return {
    k,
    window_start: Math.min(...times),
    window_end: Math.max(...times) + GAP,
    n: events.length,
    nv: values.length,
    total,
    lo: values.length === 0 ? null : Math.min(...values),
    hi: values.length === 0 ? null : Math.max(...values),
    mean: values.length === 0 ? null : total! / values.length,
    distinct_v: new Set(values).size,
  };
}

/** Reference sessions: per key, sort by event time and split where neighbours are more than GAP apart (Spark's rule). */
function referenceSessions(events: readonly Event[]): Out[] {
  const byKey = new Map<string, Event[]>();
  for (const e of events) byKey.set(e.k, [...(byKey.get(e.k) ?? []), e]);
  const out: Out[] = [];
  for (const [k, es] of byKey) {
    const ordered = [...es].sort((a, b) => a.t - b.t);
    let current: Event[] = [];
    for (const e of ordered) {
      if (current.length > 0 && e.t - current[current.length - 1]!.t > GAP) {
        out.push(sessionRow(k, current));
        current = [];
      }
      current.push(e);
    }
    if (current.length > 0) out.push(sessionRow(k, current));
  }
  return sorted(out);
}

const h = harness(QUERY());
const toRows = (events: readonly Event[]) => events.map((e) => h.row(e as unknown as Record<string, unknown>));
const ev = (k: string, seconds: number, v: number | null = 1): Event => ({ k, t: seconds * SEC, v });
const FLUSH = Number.MAX_SAFE_INTEGER;

describe('SessionWindowOperator: sessions', () => {
  it('splits a key’s rows where two neighbours are more than the gap apart; exactly the gap apart joins, as in Spark', () => {
    // 0 → 4 → 13.999 are each less than 10 s apart; 23.999 is exactly 10 s after 13.999 and joins (it split before
    // Spark's rule was adopted); 34 is 10.001 s after 23.999 and starts a new session.
    const events = [ev('a', 0, 1), ev('a', 4, 2), ev('a', 13.999, 4), ev('a', 23.999, 8), ev('a', 34, null)];
    const r = runBatches(h.op(), h.output, [{ rows: toRows(events), watermark: FLUSH }]);
    expect(sorted(r.outputs[0]!)).toEqual([sessionRow('a', events.slice(0, 4)), sessionRow('a', [events[4]!])]);
    expect(r.outputs[0]![0]).toMatchObject({ window_start: 0, window_end: 33_999, n: 4, total: 15 });
    expect(r.lateRows).toBe(0);
  });

  it('Spark’s example: two events exactly one gap apart are one session [first, second + gap), in one batch or two', () => {
    const events = [ev('a', 0), ev('a', 10)];
    const one = runBatches(h.op(), h.output, [{ rows: toRows(events), watermark: FLUSH }]);
    expect(one.outputs[0]).toEqual([expect.objectContaining({ window_start: 0, window_end: 20 * SEC, n: 2 })]);
    const two = runBatches(h.op(), h.output, [
      { rows: toRows([events[1]!]), watermark: 0 },
      { rows: toRows([events[0]!]), watermark: FLUSH },
    ]);
    expect(two.outputs.flat()).toEqual([expect.objectContaining({ window_start: 0, window_end: 20 * SEC, n: 2 })]);
    expect(two.lateRows).toBe(0);
  });

  it('keeps each key’s sessions apart', () => {
    const events = [ev('a', 0), ev('b', 5), ev('a', 12), ev('b', 14), ev('c', 1)];
    const r = runBatches(h.op(), h.output, [{ rows: toRows(events), watermark: FLUSH }]);
    expect(sorted(r.outputs[0]!)).toEqual(referenceSessions(events));
    expect(r.outputs[0]).toHaveLength(4);
  });

  it('a row within the gap of two sessions merges them into one, in one batch and in any order', () => {
    const events = [ev('a', 0, 1), ev('a', 15, 2), ev('a', 8, 4)];
    for (const order of [
      [0, 1, 2],
      [2, 0, 1],
      [1, 2, 0],
      [1, 0, 2],
    ]) {
      const r = runBatches(h.op(), h.output, [{ rows: toRows(order.map((i) => events[i]!)), watermark: FLUSH }]);
      expect(r.outputs[0], `order ${order}`).toEqual([sessionRow('a', events)]);
    }
  });

  it('a bridging row in a later batch merges two open sessions, accumulators included', () => {
    const events = [ev('a', 0, 3), ev('a', 2, 3), ev('a', 15, 5), ev('a', 17, null)];
    const bridge = ev('a', 9, 7);
    const r = runBatches(h.op(), h.output, [
      { rows: toRows(events), watermark: 1 * SEC },
      { rows: toRows([bridge]), watermark: 2 * SEC },
      { rows: [], watermark: FLUSH },
    ]);
    expect(r.outputs[0]).toEqual([]);
    expect(r.outputs[1]).toEqual([]);
    expect(r.outputs[2]).toEqual([sessionRow('a', [...events, bridge])]);
    expect(r.outputs[2]![0]).toMatchObject({
      window_start: 0,
      window_end: 27 * SEC,
      n: 5,
      nv: 4,
      total: 18,
      lo: 3,
      hi: 7,
      distinct_v: 3,
      mean: 4.5,
    });
  });

  it('out-of-order rows across batches extend a session backwards and forwards', () => {
    const batches = [[ev('a', 20)], [ev('a', 12), ev('a', 29)], [ev('a', 3)]];
    const r = runBatches(h.op(), h.output, [
      ...batches.map((events) => ({ rows: toRows(events), watermark: 0 })),
      { rows: [], watermark: FLUSH },
    ]);
    expect(r.outputs.slice(0, 3)).toEqual([[], [], []]);
    expect(r.outputs[3]).toEqual([sessionRow('a', batches.flat())]);
  });
});

describe('SessionWindowOperator: APPEND and late rows', () => {
  it('emits a session once, in the first batch after which the watermark reaches its end', () => {
    const events = [ev('a', 0), ev('a', 3)];
    const r = runBatches(h.op(), h.output, [
      { rows: toRows(events), watermark: 5 * SEC },
      { rows: [], watermark: 12.999 * SEC },
      { rows: [], watermark: 13 * SEC },
      { rows: [], watermark: 14 * SEC },
      { rows: [], watermark: FLUSH },
    ]);
    expect(r.outputs).toEqual([[], [], [sessionRow('a', events)], [], []]);
  });

  it('a row that extends an open session pushes its end, and its emission, later', () => {
    const r = runBatches(h.op(), h.output, [
      { rows: toRows([ev('a', 0)]), watermark: 5 * SEC },
      // Before the watermark reaches 10 s, a row at 9 s moves the end to 19 s.
      { rows: toRows([ev('a', 9)]), watermark: 10 * SEC },
      { rows: [], watermark: 18.999 * SEC },
      { rows: [], watermark: 19 * SEC },
    ]);
    expect(r.outputs).toEqual([[], [], [], [sessionRow('a', [ev('a', 0), ev('a', 9)])]]);
  });

  it('a row whose own session would already have ended, and that touches no open session, is late', () => {
    const r = runBatches(h.op(), h.output, [
      { rows: toRows([ev('a', 30)]), watermark: 25 * SEC },
      // The batch begins at watermark 25 s. A row at 14 s would form [14, 24), at 15 s [15, 25): both ended,
      // and neither is within 10 s of 30 s: late. A row at 16 s forms [16, 26), still open: added.
      { rows: toRows([ev('a', 14, 100), ev('a', 15, 100), ev('a', 16, 2), ev('a', 21, 4)]), watermark: 25 * SEC },
      { rows: [], watermark: FLUSH },
    ]);
    expect(r.lateRows).toBe(2);
    expect(r.outputs[1]).toEqual([]);
    // 16 and 21 are 5 s apart, 21 and 30 are 9 s apart: one session.
    expect(r.outputs[2]).toEqual([sessionRow('a', [ev('a', 30), ev('a', 16, 2), ev('a', 21, 4)])]);
  });

  it('a row behind the watermark that is within the gap of an open session is added to it, not late', () => {
    const r = runBatches(h.op(), h.output, [
      { rows: toRows([ev('a', 28)]), watermark: 30 * SEC },
      // [19, 29) ended at the watermark (30 s), but 19 is within 10 s of 28, whose session is open until 38 s.
      { rows: toRows([ev('a', 19)]), watermark: 30 * SEC },
      { rows: [], watermark: FLUSH },
    ]);
    expect(r.lateRows).toBe(0);
    expect(r.outputs[2]).toEqual([sessionRow('a', [ev('a', 19), ev('a', 28)])]);
  });

  it('a row that would change a session already emitted is late: emitted sessions are final and never overlap', () => {
    const r = runBatches(h.op(), h.output, [
      { rows: toRows([ev('a', 0), ev('a', 5)]), watermark: 15 * SEC },
      // [0, 15) was emitted. 12 s is not late by its own end (22 s > 15 s) but is within 10 s of 5 s: late.
      // 16 s starts a new session (11 s after 5 s).
      { rows: toRows([ev('a', 12, 100), ev('a', 16)]), watermark: 15 * SEC },
      { rows: [], watermark: FLUSH },
    ]);
    expect(r.outputs[0]).toEqual([sessionRow('a', [ev('a', 0), ev('a', 5)])]);
    expect(r.outputs[1]).toEqual([]);
    expect(r.outputs[2]).toEqual([sessionRow('a', [ev('a', 16)])]);
    expect(r.lateRows).toBe(1);
  });

  it('lateness is decided against the state the batch began with: the order of rows in a batch does not matter', () => {
    // Watermark 30 s; open session at 31 s. 22 s touches it (31 - 22 < 10); 13 s would touch only 22 s, a row of this same batch.
    const batch = [ev('a', 22, 1), ev('a', 13, 2), ev('b', 5, 3), ev('a', 40, 4)];
    const results = [
      [0, 1, 2, 3],
      [1, 0, 3, 2],
      [3, 2, 1, 0],
    ].map((order) =>
      runBatches(h.op(), h.output, [
        { rows: toRows([ev('a', 31)]), watermark: 30 * SEC },
        { rows: toRows(order.map((i) => batch[i]!)), watermark: 30 * SEC },
        { rows: [], watermark: FLUSH },
      ]),
    );
    for (const r of results) {
      expect(r.lateRows).toBe(2); // 13 s and b's 5 s
      expect(sorted(r.outputs[2]!)).toEqual([sessionRow('a', [ev('a', 22, 1), ev('a', 31), ev('a', 40, 4)])]);
    }
  });

  it('a row without event time is skipped, not counted as late', () => {
    const r = runBatches(h.op(), h.output, [{ rows: toRows([{ k: 'a', t: null as unknown as number, v: 1 }]), watermark: FLUSH }]);
    expect(r.outputs).toEqual([[]]);
    expect(r.lateRows).toBe(0);
  });

  it('forgets emitted sessions and, one gap later, the key itself', () => {
    const op = h.op();
    const committed = new CommittedState();
    runBatches(op, h.output, [{ rows: toRows([ev('a', 0), ev('b', 100)]), watermark: 10 * SEC }], -Infinity, committed);
    // a's session [0, 10) was emitted; a is remembered until the watermark reaches 20 s.
    expect([...committed.entries]).toEqual([
      ['astring', [['a'], 10 * SEC, [], 0]],
      ['bstring', [['b'], null, [[100 * SEC, 100 * SEC, [1, 1, 1, 1, 1, [1, 1], [1]]]], 1]],
    ]);
    runBatches(op, h.output, [{ rows: [], watermark: 20 * SEC }], 10 * SEC, committed);
    expect([...committed.entries.keys()]).toEqual(['bstring']);
    expect(committed.last).toEqual({ put: 0, deleted: 1 });
  });
});

describe('SessionWindowOperator: COMPLETE and UPDATE', () => {
  it('COMPLETE emits every session of every key each batch, late or not, merged as rows arrive', () => {
    const hc = harness(QUERY('MODE COMPLETE'));
    const batches: Event[][] = [[ev('a', 0), ev('b', 3)], [ev('a', 15, 2)], [], [ev('a', 8, 4), ev('b', 40)], [ev('a', 1, 5)]];
    const r = runBatches(
      hc.op(),
      hc.output,
      batches.map((events) => ({ rows: events.map((e) => hc.row(e as unknown as Record<string, unknown>)), watermark: 100 * SEC })),
    );
    const seen: Event[] = [];
    batches.forEach((events, i) => {
      seen.push(...events);
      expect(sorted(r.outputs[i]!), `batch ${i}`).toEqual(referenceSessions(seen));
    });
    expect(r.lateRows).toBe(0);
  });

  it('UPDATE is refused: a merge would leave the superseded session’s row in the table', () => {
    // The compiler refuses it, pointing at MODE UPDATE…
    const text = QUERY('MODE UPDATE');
    const errors = compile(text).diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map((d) => [d.code, text.slice(d.span.offset, d.span.offset + d.span.length)])).toEqual([['K4009', 'UPDATE']]);
    // …and the operator still refuses a plan that reaches it some other way.
    const append = harness(QUERY('MODE APPEND'));
    const spec = { ...findSession(compile(QUERY('MODE APPEND')).queries[0]!.physical), emit: 'update' as const };
    expect(() => sessionWindowOperator(spec, spec.input.schema, spec.kind)).toThrow(SESSION_UPDATE_REFUSED);
    expect(append.op()).toBeDefined();
    expect(SESSION_UPDATE_REFUSED).toMatch(/MODE APPEND .* or MODE COMPLETE/);
  });
});

/**
 * Random batches with every row on time (event time at or after the watermark
 * the batch began with), out of order within the batch and across batches,
 * keys from a small set, whole seconds (plus 1 ms) so that neighbours exactly a gap apart
 * occur. The watermark ends at FLUSH, so every session is emitted.
 */
function onTimeBatches(seed: number) {
  const random = seededRandom(seed);
  const batches: { events: Event[]; watermark: number }[] = [];
  let clock = Math.floor(random() * 100) * SEC;
  for (let i = 0; i < 15; i++) {
    const events: Event[] = [];
    const n = Math.floor(random() * 10);
    for (let j = 0; j < n; j++) {
      // On time as Spark has it: after the watermark (a row at the end of a session already emitted would join it).
      const t = clock + Math.floor(random() * 30) * SEC + 1;
      events.push({ k: ['a', 'b', 'c'][Math.floor(random() * 3)]!, t, v: random() < 0.15 ? null : Math.floor(random() * 5) });
    }
    clock += Math.floor(random() * 12) * SEC;
    batches.push({ events, watermark: clock });
  }
  batches.push({ events: [], watermark: FLUSH });
  return batches;
}

/** Random batches with rows behind the watermark too (some late, some merging into open sessions). */
function mixedBatches(seed: number) {
  const random = seededRandom(seed);
  const batches: { events: Event[]; watermark: number }[] = [];
  let clock = Math.floor(random() * 100) * SEC;
  for (let i = 0; i < 12; i++) {
    const events: Event[] = [];
    const n = Math.floor(random() * 8);
    for (let j = 0; j < n; j++) {
      const t = clock - Math.floor(random() * 25) * SEC + Math.floor(random() * 20) * SEC;
      events.push({ k: ['a', 'b', 'c'][Math.floor(random() * 3)]!, t, v: random() < 0.15 ? null : Math.floor(random() * 5) });
    }
    clock += Math.floor(random() * 10) * SEC;
    batches.push({ events, watermark: clock - Math.floor(random() * 10) * SEC });
  }
  return batches;
}

const toBatches = (hh: Harness, batches: readonly { events: Event[]; watermark: number }[]) =>
  batches.map((b) => ({ rows: b.events.map((e) => hh.row(e as unknown as Record<string, unknown>)), watermark: b.watermark }));

describe('SessionWindowOperator: against a reference, over random batches', () => {
  it('with every row on time, emits exactly the reference sessions, each in the first batch whose watermark reaches its end', () => {
    let merges = 0;
    for (let seed = 1; seed <= 200; seed++) {
      const batches = onTimeBatches(seed);
      const all = batches.flatMap((b) => b.events);
      const reference = referenceSessions(all);
      // The watermark after batch i is the running maximum (it never moves back).
      const watermarks: number[] = [];
      batches.forEach((b, i) => watermarks.push(Math.max(b.watermark, i > 0 ? watermarks[i - 1]! : -Infinity)));
      const expected = batches.map((_, i) => reference.filter((s) => watermarks.findIndex((w) => (s.window_end as number) <= w) === i));
      const r = runBatches(h.op(), h.output, toBatches(h, batches));
      expect(r.outputs.map(sorted), `seed ${seed}`).toEqual(expected);
      expect(r.lateRows, `seed ${seed}`).toBe(0);
      // Sessions that spanned more than one batch's rows: merging across batches is exercised.
      const inSession = (s: Out) => (e: Event) => e.k === s.k && e.t >= (s.window_start as number) && e.t <= (s.window_end as number) - GAP;
      merges += reference.filter((s) => batches.filter((b) => b.events.some(inSession(s))).length > 1).length;
    }
    expect(merges).toBeGreaterThan(200);
  });

  it('with rows behind the watermark: every timed row is emitted once or counted late, and a key’s sessions never touch', () => {
    let late = 0;
    for (let seed = 300; seed <= 400; seed++) {
      const batches = [...mixedBatches(seed), { events: [], watermark: FLUSH }];
      const r = runBatches(h.op(), h.output, toBatches(h, batches));
      const emitted = r.outputs.flat();
      expect(emitted.reduce((x, s) => x + (s.n as number), 0) + r.lateRows, `seed ${seed}`).toBe(batches.flatMap((b) => b.events).length);
      const ordered = sorted(emitted);
      for (let i = 1; i < ordered.length; i++) {
        const [prev, next] = [ordered[i - 1]!, ordered[i]!];
        if (prev.k === next.k) expect(next.window_start as number, `seed ${seed}`).toBeGreaterThan(prev.window_end as number);
      }
      late += r.lateRows;
    }
    expect(late).toBeGreaterThan(50);
  });
});

describe('SessionWindowOperator: committed entries and restore', () => {
  /**
   * Runs all batches through one operator; and the same batches through a
   * second operator whose state changes are committed after each batch, and
   * which is replaced after `cut` batches by a fresh one restored from the
   * committed entries (as a sink stores them). Later output must match.
   */
  function checkRestore(hh: Harness, batches: Batch[], cut: number) {
    const straight = runBatches(hh.op(), hh.output, batches);
    const first = hh.op();
    const committed = new CommittedState();
    const before = runBatches(first, hh.output, batches.slice(0, cut), -Infinity, committed);
    const saved = new CommittedState();
    for (const [k, v] of committed.entries) saved.entries.set(k, v);
    // Keep using the first operator afterwards too: the committed entries must not share state with it.
    runBatches(first, hh.output, batches.slice(cut), before.watermark, committed);
    const restored = hh.op();
    saved.restoreInto(restored);
    const after = runBatches(restored, hh.output, batches.slice(cut), before.watermark);
    expect([...before.outputs, ...after.outputs]).toEqual(straight.outputs);
    expect(before.lateRows + after.lateRows).toBe(straight.lateRows);
  }

  it('APPEND, with late rows, merges and DISTINCT/avg state', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const batches = [...toBatches(h, mixedBatches(seed)), { rows: [], watermark: FLUSH }];
      for (const cut of [1, 4, 8, 12]) checkRestore(h, batches, cut);
    }
  });

  it('COMPLETE', () => {
    const hc = harness(QUERY('MODE COMPLETE'));
    for (let seed = 41; seed <= 60; seed++) checkRestore(hc, toBatches(hc, mixedBatches(seed)), 6);
  });

  it('without group keys', () => {
    const hn = harness("SELECT session(t, '10 seconds'), sum(v) AS total FROM KAFKA s INTO CONSOLE");
    for (let seed = 61; seed <= 70; seed++) checkRestore(hn, [...toBatches(hn, mixedBatches(seed)), { rows: [], watermark: FLUSH }], 5);
  });
});

describe('Accumulator.merge', () => {
  it('merging the accumulators of two parts gives the result of all the values, for every aggregate, NULLs and empty parts included', () => {
    const random = seededRandom(5);
    for (const fn of ['count', 'sum', 'avg', 'min', 'max'] as const) {
      for (const distinct of [false, true]) {
        const acc = accumulatorFor({ name: 'x', fn, distinct });
        const fold = (values: readonly (number | null)[]) => values.reduce((a, v) => acc.add(a, v), acc.init());
        for (let i = 0; i < 200; i++) {
          const values = Array.from({ length: Math.floor(random() * 8) }, () => (random() < 0.2 ? null : Math.floor(random() * 10) - 3));
          const cut = Math.floor(random() * (values.length + 1));
          const merged = acc.merge(fold(values.slice(0, cut)), fold(values.slice(cut)));
          expect(acc.result(merged), `${fn}${distinct ? ' DISTINCT' : ''} of ${JSON.stringify(values)} cut at ${cut}`).toEqual(
            acc.result(fold(values)),
          );
        }
      }
    }
  });
});
