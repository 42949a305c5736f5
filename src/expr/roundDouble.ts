import { Decimal } from '../core/Decimal.js';

/**
 * round(x, digits) of a DOUBLE, as Spark rounds one: half away from zero on the
 * shortest decimal that reads back as x (what `String(x)` prints), not on the
 * binary value. So round(1.005, 2) is 1.01 though the double nearest 1.005 is
 * 1.00499999999999989…, and round(2732.5 * 0.19, 2) is 519.18 (the product
 * prints as 519.175). NULL for digits that are not a finite number.
 */
export function roundDouble(x: number, digits = 0): number | null {
  if (!Number.isFinite(digits)) return null;
  const d = Decimal.fromNumber(x);
  return d === undefined ? x : d.round(Math.trunc(digits)).toNumber();
}
