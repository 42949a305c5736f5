import type { AggregateCall } from '../../core/specs.js';
import { FUNCTIONS } from '../../expr/functions/builtins.js';
import type { Accumulator } from '../../expr/functions/Accumulator.js';

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

/** The aggregate's accumulator as the registry defines it, over distinct values for `fn(DISTINCT x)`. */
export function accumulatorFor(a: AggregateCall): Accumulator {
  const def = FUNCTIONS.aggregate(a.fn);
  if (!def) throw new Error(`internal: no accumulator for aggregate ${a.fn}`);
  const base = def.accumulator;
  return a.distinct ? distinct(base) : base;
}
