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
  const d = Math.trunc(digits);
  if (d >= 0 && Number.isFinite(x)) {
    const text = String(x);
    if (!text.includes('e')) return roundText(text, d);
  }
  const exact = Decimal.fromNumber(x);
  return exact === undefined ? x : exact.round(d).toNumber();
}

/**
 * The same rounding on the digits of plain decimal text, without a Decimal and
 * its BigInts: a query's round(amount * 0.19, 2) runs once per row. `+ 0` turns
 * -0 into 0, as the Decimal's text has no negative zero.
 */
function roundText(text: string, digits: number): number {
  const point = text.indexOf('.');
  if (point < 0 || text.length - point - 1 <= digits) return Number(text) + 0;
  const end = digits === 0 ? point : point + 1 + digits;
  const kept = text.slice(0, end);
  if (text.charCodeAt(point + 1 + digits) < 53 /* 5 */) return Number(kept) + 0;
  // Half or more away from zero: add one unit of the last kept digit, carrying through nines.
  let i = kept.length - 1;
  while (i >= 0 && (kept[i] === '9' || kept[i] === '.')) i--;
  const tail = kept.slice(i + 1).replace(/9/g, '0');
  const c = kept.charCodeAt(i);
  const up = c >= 48 && c <= 57 ? `${kept.slice(0, i)}${c - 47}${tail}` : `${kept.slice(0, i + 1)}1${tail}`;
  return Number(up) + 0;
}
