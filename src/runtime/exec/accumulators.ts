import { isDecimal } from '../../core/Decimal.js';
import type { AggregateCall } from '../../core/specs.js';
import { FUNCTIONS } from '../../expr/functions/builtins.js';
import type { Accumulator } from '../../expr/functions/Accumulator.js';
import { restoreValue } from '../state/restoreValue.js';
import { decimalAccumulator } from './decimalAccumulators.js';

/**
 * DISTINCT: keep the distinct values, fold the plain aggregate over them at the
 * end. Equal decimals are distinct objects, so values are told apart by their
 * text; `restore` turns a saved value back into a row value.
 */
function distinct(inner: Accumulator, restore: (saved: unknown) => unknown): Accumulator {
  const key = (v: unknown) => (isDecimal(v) ? v.toString() : v);
  return {
    init: () => new Map<unknown, unknown>(),
    add: (acc, v) => ((acc as Map<unknown, unknown>).set(key(v), v), acc),
    merge: (a, b) => {
      const x = a as Map<unknown, unknown>;
      for (const [k, v] of b as Map<unknown, unknown>) x.set(k, v);
      return x;
    },
    result: (acc) => {
      let r = inner.init();
      for (const v of (acc as Map<unknown, unknown>).values()) r = inner.add(r, v);
      return inner.result(r);
    },
    save: (acc) => [...(acc as Map<unknown, unknown>).values()],
    load: (saved) => new Map((saved as unknown[]).map((s) => restore(s)).map((v) => [key(v), v])),
  };
}

/** The aggregate's accumulator as the registry defines it, over distinct values for `fn(DISTINCT x)`. */
export function accumulatorFor(a: AggregateCall): Accumulator {
  const def = FUNCTIONS.aggregate(a.fn);
  if (!def) throw new Error(`internal: no accumulator for aggregate ${a.fn}`);
  const base = (a.arg?.type.kind === 'DECIMAL' ? decimalAccumulator(a.fn, a.arg.type) : undefined) ?? def.accumulator;
  return a.distinct ? distinct(base, restoreValue(a.arg?.type ?? { kind: 'UNKNOWN' })) : base;
}
