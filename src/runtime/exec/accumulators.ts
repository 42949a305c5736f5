import type { AggregateCall } from '../../compiler/analyzer/AnalyzedQuery.js';

/**
 * One aggregate's running value. `add` may mutate and must return the
 * accumulator; `save`/`load` turn it into JSON for the checkpoint.
 */
export interface Accumulator {
  init(): unknown;
  add(acc: unknown, value: unknown): unknown;
  result(acc: unknown): unknown;
  save(acc: unknown): unknown;
  load(saved: unknown): unknown;
}

const same = (x: unknown) => x;

const count: Accumulator = {
  init: () => 0,
  add: (acc, v) => (v === null ? acc : (acc as number) + 1),
  result: same,
  save: same,
  load: same,
};

const sum: Accumulator = {
  init: () => null,
  add: (acc, v) => (v === null ? acc : ((acc as number | null) ?? 0) + (v as number)),
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
