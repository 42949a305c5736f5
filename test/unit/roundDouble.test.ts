import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Decimal } from '../../src/core/Decimal.js';
import { roundDouble } from '../../src/expr/roundDouble.js';

/** Spark's rounding of a double: half away from zero on its shortest decimal, through an exact Decimal. */
const exact = (x: number, digits: number) => Decimal.fromNumber(x)!.round(Math.trunc(digits)).toNumber();

const doubles = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  // Money-like values and their products, where ties and carries through nines are common.
  fc.integer({ min: -99_999_999, max: 99_999_999 }).map((cents) => cents / 100),
  fc.integer({ min: -99_999_999, max: 99_999_999 }).map((cents) => (cents / 100) * 0.19),
  fc.constantFrom(0, -0, 0.5, -0.5, 1.005, 2.675, 9.995, -9.995, 99.5, 999.9999, 519.175, 1e21, 1e-7, 123456789012.3456),
);

describe('roundDouble', () => {
  it('rounds as the exact Decimal does, for any double and digits', () => {
    fc.assert(
      fc.property(doubles, fc.integer({ min: -3, max: 20 }), (x, digits) => {
        expect(Object.is(roundDouble(x, digits), exact(x, digits))).toBe(true);
      }),
      { numRuns: 20_000 },
    );
  });

  it('carries through nines, away from zero, and never gives -0', () => {
    expect(roundDouble(9.995, 2)).toBe(10);
    expect(roundDouble(-99.95, 1)).toBe(-100);
    expect(roundDouble(519.175, 2)).toBe(519.18);
    expect(roundDouble(2732.5 * 0.19, 2)).toBe(519.18);
    expect(Object.is(roundDouble(-0.4), 0)).toBe(true);
    expect(Object.is(roundDouble(-0, 2), 0)).toBe(true);
    expect(roundDouble(2.5)).toBe(3);
    expect(roundDouble(-2.5)).toBe(-3);
    expect(roundDouble(1250, -2)).toBe(1300);
    expect(roundDouble(1.5, Number.NaN)).toBeNull();
  });
});
