import { Decimal } from '../../core/Decimal.js';
import { decimalAvgType, decimalSumType } from '../../core/decimalTypes.js';
import type { SqlType } from '../../core/SqlType.js';
import type { AggregateFn } from '../../core/specs.js';
import { toDecimalType } from '../../expr/castValue.js';
import type { Accumulator } from '../../expr/functions/Accumulator.js';

/**
 * sum, avg, min and max of a DECIMAL(p, s) column, exact. Every value of the
 * column has scale s, so sum and avg add the BigInts of the unscaled digits
 * without a Decimal per row (a million values in 40–80 ms; core/Decimal.ts). sum is DECIMAL(p + 10, s) and avg
 * DECIMAL(p + 4, s + 4), rounded half away from zero, as Spark types them; a
 * result beyond 38 digits is NULL. Saved state holds the digits as text: JSON has
 * no BigInt.
 */
export function decimalAccumulator(fn: AggregateFn, arg: SqlType): Accumulator | undefined {
  const scale = arg.scale ?? 0;
  const unscaled = (v: unknown) => (v as Decimal).withScale(scale).unscaled;
  switch (fn) {
    case 'sum': {
      const type = decimalSumType(arg);
      return {
        init: () => null,
        add: (acc, v) => (v === null ? acc : ((acc as bigint | null) ?? 0n) + unscaled(v)),
        merge: (a, b) => (a === null ? b : b === null ? a : (a as bigint) + (b as bigint)),
        result: (acc) => (acc === null ? null : (toDecimalType(Decimal.of(acc as bigint, scale), type) ?? null)),
        save: (acc) => (acc === null ? null : String(acc)),
        load: (saved) => (saved === null ? null : BigInt(saved as string)),
      };
    }
    case 'avg': {
      const type = decimalAvgType(arg);
      return {
        init: () => [0n, 0],
        add: (acc, v) => {
          if (v !== null) {
            const a = acc as [bigint, number];
            a[0] += unscaled(v);
            a[1] += 1;
          }
          return acc;
        },
        merge: (a, b) => {
          const [x, y] = [a as [bigint, number], b as [bigint, number]];
          x[0] += y[0];
          x[1] += y[1];
          return x;
        },
        result: (acc) => {
          const [total, n] = acc as [bigint, number];
          if (n === 0) return null;
          const mean = Decimal.of(total, scale).divide(Decimal.of(BigInt(n), 0), type.scale ?? 0);
          return toDecimalType(mean, type) ?? null;
        },
        save: (acc) => [String((acc as [bigint, number])[0]), (acc as [bigint, number])[1]],
        load: (saved) => [BigInt((saved as [string, number])[0]), (saved as [string, number])[1]],
      };
    }
    case 'min':
    case 'max': {
      const sign = fn === 'max' ? 1 : -1;
      const better = (v: unknown, than: unknown) => than === null || (v as Decimal).compare(than as Decimal) * sign > 0;
      return {
        init: () => null,
        add: (acc, v) => (v === null ? acc : better(v, acc) ? v : acc),
        merge: (a, b) => (b === null ? a : better(b, a) ? b : a),
        result: (acc) => acc,
        save: (acc) => (acc === null ? null : String(acc)),
        load: (saved) => (saved === null ? null : Decimal.parse(saved as string)!.withScale(scale)),
      };
    }
    case 'count':
      return undefined;
  }
}
