import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../tools/data/orders.js';
import { runBatches, type Batch } from '../helpers/runBatches.js';
import { compile } from '../../src/compile.js';
import type { PhysicalPlan, UpdatingAggregateExec, WindowAggregateExec } from '../../src/plan/physical/PhysicalPlan.js';
import { physicalInputs } from '../../src/plan/physical/PhysicalPlan.js';
import { aggregateOperator } from '../../src/runtime/exec/AggregateOperator.js';
import type { Operator } from '../../src/runtime/exec/Operator.js';
import { CommittedState } from '../helpers/committedState.js';
import type { Row, Schema } from '../../src/core/Schema.js';

/**
 * The aggregate operator, built as buildOperators builds it: from the physical
 * plan of a real query. Rows are written by column name and laid out in the
 * operator's input schema.
 */
interface Harness {
  readonly op: () => Operator;
  readonly input: Schema;
  readonly output: Schema;
  readonly row: (values: Record<string, unknown>) => Row;
}

function harness(text: string): Harness {
  const r = compile(text);
  const errors = r.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new Error(errors.map((d) => d.message).join('; '));
  let p: PhysicalPlan | undefined = r.queries[0]!.physical;
  while (p && p.kind !== 'TumblingWindowAggregateExec' && p.kind !== 'SlidingWindowAggregateExec' && p.kind !== 'UpdatingAggregateExec') {
    p = physicalInputs(p)[0];
  }
  if (!p) throw new Error('no aggregate in plan');
  const agg = p as WindowAggregateExec | UpdatingAggregateExec;
  const input = agg.input.schema;
  return {
    op: () => aggregateOperator(agg, input, agg.kind),
    input,
    output: agg.schema,
    row: (values) => input.map((c) => (c.name in values ? values[c.name] : null)),
  };
}

const SEC = 1000;
const byKeyAndStart = (a: Record<string, unknown>, b: Record<string, unknown>) =>
  String(a.k).localeCompare(String(b.k)) || (a.window_start as number) - (b.window_start as number);

interface Event {
  readonly k: string;
  readonly t: number;
  readonly v: number | null;
}

/**
 * What APPEND windows must emit, worked out from the definition rather than the
 * operator: a row belongs to every window [s, s + size) with s a multiple of
 * `slide` and s <= t < s + size; it counts for a window unless that window had
 * already ended (end <= watermark) when the row's batch began; a window is
 * emitted in the first batch after which the watermark reaches its end; a row
 * that counts for no window is late.
 */
function expectedAppend(batches: readonly { events: Event[]; watermark: number }[], size: number, slide: number) {
  const windows = new Map<string, { k: string; start: number; rows: Event[] }>();
  const emittedIn = new Map<string, number>();
  let watermark = -Infinity;
  let late = 0;
  batches.forEach((b, i) => {
    for (const e of b.events) {
      let counted = false;
      for (let s = Math.floor(e.t / slide) * slide - 10 * size; s <= e.t; s += slide) {
        if (!(s <= e.t && e.t < s + size)) continue;
        if (s + size <= watermark) continue;
        const id = `${e.k}@${s}`;
        if (!windows.has(id)) windows.set(id, { k: e.k, start: s, rows: [] });
        windows.get(id)!.rows.push(e);
        counted = true;
      }
      if (!counted) late++;
    }
    watermark = Math.max(watermark, b.watermark);
    for (const [id, w] of windows) if (!emittedIn.has(id) && w.start + size <= watermark) emittedIn.set(id, i);
  });
  const perBatch: Record<string, unknown>[][] = batches.map(() => []);
  for (const [id, i] of emittedIn) {
    const w = windows.get(id)!;
    const values = w.rows.map((e) => e.v).filter((v): v is number => v !== null);
    perBatch[i]!.push({
      k: w.k,
      window_start: w.start,
      window_end: w.start + size,
      n: w.rows.length,
      nv: values.length,
      total: values.length === 0 ? null : values.reduce((x, y) => x + y, 0),
      lo: values.length === 0 ? null : Math.min(...values),
      hi: values.length === 0 ? null : Math.max(...values),
      distinct_v: new Set(values).size,
    });
  }
  for (const out of perBatch) out.sort(byKeyAndStart);
  return { perBatch, late };
}

/** Random batches: event times mostly ahead of the watermark, some behind it (late), keys from a small set. */
function randomBatches(seed: number, size: number) {
  const random = seededRandom(seed);
  const batches: { events: Event[]; watermark: number }[] = [];
  let clock = Math.floor(random() * 5 * size);
  for (let i = 0; i < 12; i++) {
    const events: Event[] = [];
    const n = Math.floor(random() * 8);
    for (let j = 0; j < n; j++) {
      const t = clock - Math.floor(random() * 2.5 * size) + Math.floor(random() * size);
      const v = random() < 0.15 ? null : Math.floor(random() * 5);
      events.push({ k: ['a', 'b', 'c'][Math.floor(random() * 3)]!, t, v });
    }
    clock += Math.floor(random() * size);
    batches.push({ events, watermark: clock - Math.floor(random() * size) });
  }
  return batches;
}

const AGGREGATES = 'count(*) AS n, count(v) AS nv, sum(v) AS total, min(v) AS lo, max(v) AS hi, count(DISTINCT v) AS distinct_v';

describe('AggregateOperator: tumbling windows, APPEND', () => {
  const h = harness(`SELECT k, window(t, '10 seconds'), ${AGGREGATES} FROM KAFKA s GROUP BY k, window(t, '10 seconds') INTO CONSOLE`);
  const toRows = (events: Event[]) => events.map((e) => h.row(e as unknown as Record<string, unknown>));

  it('emits a window once, only after the watermark passes its end', () => {
    const op = h.op();
    const r = runBatches(op, h.output, [
      {
        rows: toRows([
          { k: 'a', t: 1 * SEC, v: 1 },
          { k: 'a', t: 9.999 * SEC, v: 2 },
          { k: 'a', t: 10 * SEC, v: 4 },
        ]),
        watermark: 5 * SEC,
      },
      { rows: toRows([{ k: 'a', t: 3 * SEC, v: 8 }]), watermark: 9.999 * SEC },
      { rows: [], watermark: 10 * SEC },
      { rows: [], watermark: 15 * SEC },
      { rows: [], watermark: 20 * SEC },
      { rows: [], watermark: 100 * SEC },
    ]);
    expect(r.outputs[0]).toEqual([]);
    expect(r.outputs[1]).toEqual([]);
    // The watermark reached 10 s, the end of [0, 10): emitted with the three rows in it.
    expect(r.outputs[2]).toEqual([{ k: 'a', window_start: 0, window_end: 10 * SEC, n: 3, nv: 3, total: 11, lo: 1, hi: 8, distinct_v: 3 }]);
    expect(r.outputs[3]).toEqual([]);
    expect(r.outputs[4]).toEqual([
      { k: 'a', window_start: 10 * SEC, window_end: 20 * SEC, n: 1, nv: 1, total: 4, lo: 4, hi: 4, distinct_v: 1 },
    ]);
    expect(r.outputs[5]).toEqual([]);
    expect(r.lateRows).toBe(0);
  });

  it('counts a late row and does not add it to any window', () => {
    const op = h.op();
    const r = runBatches(op, h.output, [
      {
        rows: toRows([
          { k: 'a', t: 1 * SEC, v: 1 },
          { k: 'a', t: 12 * SEC, v: 1 },
        ]),
        watermark: 10 * SEC,
      },
      // [0, 10) closed before this batch began: the row at 5 s is late. [10, 20) is still open.
      {
        rows: toRows([
          { k: 'a', t: 5 * SEC, v: 100 },
          { k: 'a', t: 15 * SEC, v: 2 },
        ]),
        watermark: 30 * SEC,
      },
    ]);
    expect(r.outputs[0]).toEqual([{ k: 'a', window_start: 0, window_end: 10 * SEC, n: 1, nv: 1, total: 1, lo: 1, hi: 1, distinct_v: 1 }]);
    expect(r.outputs[1]).toEqual([
      { k: 'a', window_start: 10 * SEC, window_end: 20 * SEC, n: 2, nv: 2, total: 3, lo: 1, hi: 2, distinct_v: 2 },
    ]);
    expect(r.lateRows).toBe(1);
  });

  it('a row without event time is skipped', () => {
    const r = runBatches(h.op(), h.output, [{ rows: toRows([{ k: 'a', t: null as unknown as number, v: 1 }]), watermark: 100 * SEC }]);
    expect(r.outputs).toEqual([[]]);
  });

  it('matches the windows worked out from the definition, over random batches', () => {
    let emitted = 0;
    let late = 0;
    for (let seed = 1; seed <= 60; seed++) {
      const batches = randomBatches(seed, 10 * SEC);
      const expected = expectedAppend(batches, 10 * SEC, 10 * SEC);
      const r = runBatches(
        h.op(),
        h.output,
        batches.map((b) => ({ rows: toRows(b.events), watermark: b.watermark })),
      );
      expect(
        r.outputs.map((o) => [...o].sort(byKeyAndStart)),
        `seed ${seed}`,
      ).toEqual(expected.perBatch);
      expect(r.lateRows, `seed ${seed}`).toBe(expected.late);
      emitted += r.outputs.flat().length;
      late += r.lateRows;
    }
    // The scenarios do exercise both paths.
    expect(emitted).toBeGreaterThan(100);
    expect(late).toBeGreaterThan(20);
  });
});

describe('AggregateOperator: sliding windows', () => {
  const h = harness(
    `SELECT k, window(t, '10 seconds', '5 seconds'), ${AGGREGATES} FROM KAFKA s GROUP BY k, window(t, '10 seconds', '5 seconds') INTO CONSOLE`,
  );
  const toRows = (events: Event[]) => events.map((e) => h.row(e as unknown as Record<string, unknown>));

  it('a row lands in size/slide windows, each of which contains it', () => {
    for (const t of [0, 1, 4999, 5000, 7500, 123_456, -2500]) {
      const r = runBatches(h.op(), h.output, [{ rows: toRows([{ k: 'a', t, v: 1 }]), watermark: Number.MAX_SAFE_INTEGER }]);
      const windows = r.outputs[0]!;
      expect(windows, `t=${t}`).toHaveLength(10 / 5);
      for (const w of windows) {
        expect(w.window_start as number, `t=${t}`).toBeLessThanOrEqual(t);
        expect(w.window_end as number, `t=${t}`).toBeGreaterThan(t);
        expect(Math.abs((w.window_start as number) % 5000), `t=${t}`).toBe(0);
        expect(w.n).toBe(1);
      }
      expect(new Set(windows.map((w) => w.window_start)).size).toBe(2);
    }
  });

  it('with a slide that does not divide the size, a row lands in ceil(size/slide) or floor(size/slide) windows', () => {
    const h3 = harness("SELECT window(t, '10 seconds', '3 seconds'), count(*) AS n FROM KAFKA s INTO CONSOLE");
    for (let t = 0; t < 6000; t += 500) {
      const r = runBatches(h3.op(), h3.output, [{ rows: [h3.row({ t })], watermark: Number.MAX_SAFE_INTEGER }]);
      // Brute force: window starts that are multiples of 3 s with start <= t < start + 10 s.
      let expected = 0;
      for (let s = -30_000; s <= t; s += 3000) if (t < s + 10_000) expected++;
      expect(r.outputs[0]!.length, `t=${t}`).toBe(expected);
    }
  });

  it('matches the windows worked out from the definition, over random batches', () => {
    for (let seed = 100; seed <= 140; seed++) {
      const batches = randomBatches(seed, 10 * SEC);
      const expected = expectedAppend(batches, 10 * SEC, 5 * SEC);
      const r = runBatches(
        h.op(),
        h.output,
        batches.map((b) => ({ rows: toRows(b.events), watermark: b.watermark })),
      );
      expect(
        r.outputs.map((o) => [...o].sort(byKeyAndStart)),
        `seed ${seed}`,
      ).toEqual(expected.perBatch);
      expect(r.lateRows, `seed ${seed}`).toBe(expected.late);
    }
  });
});

describe('AggregateOperator: UPDATE and COMPLETE', () => {
  it('UPDATE without a window emits only the groups a batch changed, with their running totals', () => {
    const h = harness('SELECT k, sum(v) AS total, count(*) AS n FROM KAFKA s GROUP BY k INTO CONSOLE MODE UPDATE');
    const batches = [
      [
        ['a', 1],
        ['b', 2],
        ['a', 3],
      ],
      [['b', 10]],
      [],
      [
        ['c', 5],
        ['a', null],
      ],
    ] as const;
    const r = runBatches(
      h.op(),
      h.output,
      batches.map((rows) => ({ rows: rows.map(([k, v]) => h.row({ k, v })), watermark: -Infinity })),
    );
    // Running totals by hand, from the batches above.
    const totals = new Map<string, { total: number | null; n: number }>();
    batches.forEach((rows, i) => {
      const changed = new Set<string>();
      for (const [k, v] of rows) {
        const t = totals.get(k) ?? { total: null, n: 0 };
        totals.set(k, { total: v === null ? t.total : (t.total ?? 0) + v, n: t.n + 1 });
        changed.add(k);
      }
      const expected = [...changed].sort().map((k) => ({ k, ...totals.get(k)! }));
      expect(
        [...r.outputs[i]!].sort((x, y) => String(x.k).localeCompare(String(y.k))),
        `batch ${i}`,
      ).toEqual(expected);
    });
  });

  it('UPDATE with a window emits the changed windows every batch and forgets closed ones', () => {
    const h = harness(
      "SELECT k, window(t, '10 seconds'), count(*) AS n FROM KAFKA s GROUP BY k, window(t, '10 seconds') INTO CONSOLE MODE UPDATE",
    );
    const r = runBatches(h.op(), h.output, [
      { rows: [h.row({ k: 'a', t: 1000 }), h.row({ k: 'a', t: 2000 }), h.row({ k: 'b', t: 11_000 })], watermark: 5000 },
      { rows: [h.row({ k: 'a', t: 3000 })], watermark: 12_000 },
      { rows: [h.row({ k: 'a', t: 4000 }), h.row({ k: 'b', t: 12_000 })], watermark: 12_000 },
    ]);
    expect([...r.outputs[0]!].sort(byKeyAndStart)).toEqual([
      { k: 'a', window_start: 0, window_end: 10_000, n: 2 },
      { k: 'b', window_start: 10_000, window_end: 20_000, n: 1 },
    ]);
    expect(r.outputs[1]).toEqual([{ k: 'a', window_start: 0, window_end: 10_000, n: 3 }]);
    // [0, 10) closed after batch 2: the row at 4 s is late; b's window is still open.
    expect(r.outputs[2]).toEqual([{ k: 'b', window_start: 10_000, window_end: 20_000, n: 2 }]);
    expect(r.lateRows).toBe(1);
  });

  it('COMPLETE emits every group every batch', () => {
    const h = harness('SELECT k, count(*) AS n, max(v) AS hi FROM KAFKA s GROUP BY k INTO CONSOLE MODE COMPLETE');
    const batches: [string, number][][] = [
      [
        ['a', 1],
        ['b', 5],
      ],
      [['a', 7]],
      [],
      [['c', 2]],
    ];
    const r = runBatches(
      h.op(),
      h.output,
      batches.map((rows) => ({ rows: rows.map(([k, v]) => h.row({ k, v })), watermark: -Infinity })),
    );
    const seen: [string, number][] = [];
    batches.forEach((rows, i) => {
      seen.push(...rows);
      const keys = [...new Set(seen.map(([k]) => k))].sort();
      const expected = keys.map((k) => {
        const vs = seen.filter(([x]) => x === k).map(([, v]) => v);
        return { k, n: vs.length, hi: Math.max(...vs) };
      });
      expect(
        [...r.outputs[i]!].sort((x, y) => String(x.k).localeCompare(String(y.k))),
        `batch ${i}`,
      ).toEqual(expected);
    });
  });
});

describe('AggregateOperator: aggregates', () => {
  it('count(*) counts rows, count(x) and the others skip NULLs; all-NULL sum/min/max/avg are NULL', () => {
    const h = harness(
      'SELECT k, count(*) AS n, count(v) AS nv, sum(v) AS total, avg(v) AS mean, min(v) AS lo, max(v) AS hi FROM KAFKA s GROUP BY k INTO CONSOLE MODE UPDATE',
    );
    const r = runBatches(h.op(), h.output, [
      {
        rows: [
          h.row({ k: 'a', v: 2 }),
          h.row({ k: 'a', v: null }),
          h.row({ k: 'a', v: -4 }),
          h.row({ k: 'a', v: 8 }),
          h.row({ k: 'z', v: null }),
          h.row({ k: 'z', v: null }),
        ],
        watermark: -Infinity,
      },
    ]);
    const out = [...r.outputs[0]!].sort((x, y) => String(x.k).localeCompare(String(y.k)));
    expect(out).toEqual([
      { k: 'a', n: 4, nv: 3, total: 6, mean: 2, lo: -4, hi: 8 },
      { k: 'z', n: 2, nv: 0, total: null, mean: null, lo: null, hi: null },
    ]);
  });

  it('count(DISTINCT x), sum(DISTINCT x) and avg(DISTINCT x) against a Set, ignoring NULLs', () => {
    const h = harness(
      'SELECT k, count(DISTINCT v) AS dc, sum(DISTINCT v) AS ds, avg(DISTINCT v) AS da, count(v) AS c FROM KAFKA s GROUP BY k INTO CONSOLE MODE UPDATE',
    );
    const random = seededRandom(7);
    const values = Array.from({ length: 200 }, () => (random() < 0.1 ? null : Math.floor(random() * 20)));
    const op = h.op();
    // Split over several batches: distinctness must hold across batches.
    let last: Record<string, unknown>[] = [];
    for (let i = 0; i < values.length; i += 37) {
      last = runBatches(op, h.output, [{ rows: values.slice(i, i + 37).map((v) => h.row({ k: 'a', v })), watermark: -Infinity }])
        .outputs[0]!;
    }
    const distinct = [...new Set(values.filter((v): v is number => v !== null))];
    const sum = distinct.reduce((x, y) => x + y, 0);
    expect(last).toEqual([{ k: 'a', dc: distinct.length, ds: sum, da: sum / distinct.length, c: values.filter((v) => v !== null).length }]);
  });

  it('groups by several keys, NULL being a key of its own, and keeps strings and numbers apart', () => {
    const h = harness("SELECT k, j, count(*) AS n FROM KAFKA s WHERE j <> 'x' OR j IS NULL GROUP BY k, j INTO CONSOLE MODE UPDATE");
    const rows = [
      { k: 'a', j: '1' },
      { k: 'a', j: '1' },
      { k: 'a', j: null },
      { k: null, j: '1' },
      { k: null, j: null },
      { k: null, j: null },
    ];
    const r = runBatches(h.op(), h.output, [{ rows: rows.map((x) => h.row(x)), watermark: -Infinity }]);
    const expected = new Map<string, number>();
    for (const x of rows) expected.set(JSON.stringify([x.k, x.j]), (expected.get(JSON.stringify([x.k, x.j])) ?? 0) + 1);
    expect(new Map(r.outputs[0]!.map((o) => [JSON.stringify([o.k, o.j]), o.n]))).toEqual(expected);
  });

  it('a single key: the number 1 and the string "1" are different groups', () => {
    const op = aggregateOperator(
      {
        groupBy: [{ name: 'k', expr: { kind: 'column', name: 'k', type: { kind: 'UNKNOWN' } } }],
        aggregates: [{ name: 'n', fn: 'count', distinct: false }],
        emit: 'update',
      },
      [{ name: 'k', type: { kind: 'UNKNOWN' }, nullable: true }],
      'UpdatingAggregateExec',
    );
    const out = op.process([[1], ['1'], [1]], {
      watermark: -Infinity,
      nextWatermark: -Infinity,
      sourcePartitions: [],
      pendingPartitions: new Set(),
      lateRows: 0,
    });
    expect(out.sort((a, b) => String(typeof a[0]).localeCompare(String(typeof b[0])))).toEqual([
      [1, 2],
      ['1', 1],
    ]);
  });
});

describe('AggregateOperator: committed entries and restore', () => {
  /**
   * Runs all batches through one operator; and the same batches through a
   * second operator whose state changes are committed after each batch, and
   * which is replaced after `cut` batches by a fresh one restored from the
   * committed entries (as a sink stores them). Later output must match.
   */
  function checkRestore(h: Harness, batches: Batch[], cut: number) {
    const straight = runBatches(h.op(), h.output, batches);
    const first = h.op();
    const committed = new CommittedState();
    const before = runBatches(first, h.output, batches.slice(0, cut), -Infinity, committed);
    const saved = new CommittedState();
    for (const [k, v] of committed.entries) saved.entries.set(k, v);
    // Keep using the first operator afterwards too: the committed entries must not share state with it.
    runBatches(first, h.output, batches.slice(cut), before.watermark, committed);
    const restored = h.op();
    saved.restoreInto(restored);
    const after = runBatches(restored, h.output, batches.slice(cut), before.watermark);
    expect([...before.outputs, ...after.outputs]).toEqual(straight.outputs);
    expect(before.lateRows + after.lateRows).toBe(straight.lateRows);
  }

  const toBatches = (h: Harness, seed: number) =>
    randomBatches(seed, 10 * SEC).map((b) => ({
      rows: b.events.map((e) => h.row(e as unknown as Record<string, unknown>)),
      watermark: b.watermark,
    }));

  it('tumbling APPEND with avg and count(DISTINCT) state', () => {
    const h = harness(
      `SELECT k, window(t, '10 seconds'), avg(v) AS mean, ${AGGREGATES} FROM KAFKA s GROUP BY k, window(t, '10 seconds') INTO CONSOLE`,
    );
    for (let seed = 1; seed <= 20; seed++) for (const cut of [1, 4, 8]) checkRestore(h, toBatches(h, seed), cut);
  });

  it('sliding APPEND', () => {
    const h = harness(
      `SELECT k, window(t, '10 seconds', '5 seconds'), ${AGGREGATES} FROM KAFKA s GROUP BY k, window(t, '10 seconds', '5 seconds') INTO CONSOLE`,
    );
    for (let seed = 21; seed <= 30; seed++) checkRestore(h, toBatches(h, seed), 5);
  });

  it('UPDATE without a window (the global pane) and COMPLETE', () => {
    for (const mode of ['UPDATE', 'COMPLETE']) {
      const h = harness(`SELECT k, avg(v) AS mean, ${AGGREGATES} FROM KAFKA s GROUP BY k INTO CONSOLE MODE ${mode}`);
      for (let seed = 31; seed <= 40; seed++) checkRestore(h, toBatches(h, seed), 6);
    }
  });

  it('an aggregate without group keys', () => {
    const h = harness("SELECT window(t, '10 seconds'), sum(v) AS total FROM KAFKA s INTO CONSOLE");
    for (let seed = 41; seed <= 45; seed++) checkRestore(h, toBatches(h, seed), 3);
  });
});
