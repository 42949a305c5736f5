import type { AggregateCall } from '../../core/specs.js';

/**
 * One aggregate's running value. `add` may mutate and must return the
 * accumulator; `merge` combines two accumulators of disjoint rows (session
 * windows merging), may mutate `a` and must return the result, after which `b`
 * is not used again; `save`/`load` turn it into JSON for the checkpoint.
 */
export interface Accumulator {
  init(): unknown;
  add(acc: unknown, value: unknown): unknown;
  merge(a: unknown, b: unknown): unknown;
  result(acc: unknown): unknown;
  save(acc: unknown): unknown;
  load(saved: unknown): unknown;
}

const same = (x: unknown) => x;

const count: Accumulator = {
  init: () => 0,
  add: (acc, v) => (v === null ? acc : (acc as number) + 1),
  merge: (a, b) => (a as number) + (b as number),
  result: same,
  save: same,
  load: same,
};

const sum: Accumulator = {
  init: () => null,
  add: (acc, v) => (v === null ? acc : ((acc as number | null) ?? 0) + (v as number)),
  merge: (a, b) => (a === null ? b : b === null ? a : (a as number) + (b as number)),
  result: same,
  save: same,
  load: same,
};

const avg: Accumulator = {
  init: () => [0, 0],
  add: (acc, v) => {
    if (v !== null) {
      const a = acc as [number, number];
      a[0] += v as number;
      a[1] += 1;
    }
    return acc;
  },
  merge: (a, b) => {
    const [x, y] = [a as [number, number], b as [number, number]];
    x[0] += y[0];
    x[1] += y[1];
    return x;
  },
  result: (acc) => {
    const [total, n] = acc as [number, number];
    return n === 0 ? null : total / n;
  },
  save: same,
  load: same,
};

const extreme = (better: (a: never, b: never) => boolean): Accumulator => ({
  init: () => null,
  add: (acc, v) => (v === null ? acc : acc === null || better(v as never, acc as never) ? v : acc),
  merge: (a, b) => (b === null ? a : a === null || better(b as never, a as never) ? b : a),
  result: same,
  save: same,
  load: same,
});

const BY_NAME: Record<AggregateCall['fn'], Accumulator> = {
  count,
  sum,
  avg,
  min: extreme((a, b) => a < b),
  max: extreme((a, b) => a > b),
};

/** DISTINCT: keep the set of values, fold the plain aggregate over it at the end. */
function distinct(inner: Accumulator): Accumulator {
  return {
    init: () => new Set<unknown>(),
    add: (acc, v) => ((acc as Set<unknown>).add(v), acc),
    merge: (a, b) => {
      const x = a as Set<unknown>;
      for (const v of b as Set<unknown>) x.add(v);
      return x;
    },
    result: (acc) => {
      let r = inner.init();
      for (const v of acc as Set<unknown>) r = inner.add(r, v);
      return inner.result(r);
    },
    save: (acc) => [...(acc as Set<unknown>)],
    load: (saved) => new Set(saved as unknown[]),
  };
}

export function accumulatorFor(a: AggregateCall): Accumulator {
  const base = BY_NAME[a.fn];
  return a.distinct ? distinct(base) : base;
}
