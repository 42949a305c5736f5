import { isDecimal } from '../../../src/core/Decimal.js';
import type { Schema } from '../../../src/core/Schema.js';

export type PlainRow = Record<string, unknown>;

/**
 * Floats are equal within this relative tolerance (absolute below 1): sums and
 * averages of doubles differ in the last bits with the order of addition.
 */
export const FLOAT_TOLERANCE = 1e-9;

/**
 * One spelling per value, whatever produced it: timestamps (epoch ms from the
 * console, ISO text from PostgreSQL, ISO text in a case file) become ISO text in
 * UTC with milliseconds; numeric text becomes a number.
 */
export function normalizeRow(row: PlainRow, schema: Schema): PlainRow {
  const types = new Map(schema.map((c) => [c.name.toLowerCase(), c.type.kind]));
  const out: PlainRow = {};
  for (const [name, v] of Object.entries(row)) {
    const kind = types.get(name.toLowerCase());
    out[name.toLowerCase()] = normalizeValue(v, kind);
  }
  return out;
}

function normalizeValue(v: unknown, kind: string | undefined): unknown {
  if (v === null || v === undefined) return null;
  if (kind === 'TIMESTAMP' && (typeof v === 'number' || typeof v === 'string')) {
    const ms = typeof v === 'number' ? v : Date.parse(v);
    return Number.isNaN(ms) ? v : new Date(ms).toISOString();
  }
  if (v instanceof Date) return v.toISOString();
  // A DECIMAL from the console is a Decimal; PostgreSQL gives the same value as text.
  if (isDecimal(v)) return v.toString();
  // DECIMAL text stays text, so that an exact expectation ("0.30") is compared digit by digit.
  if ((kind === 'BIGINT' || kind === 'INT' || kind === 'DOUBLE') && typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v)))
    return Number(v);
  if (typeof v === 'bigint') return Number(v);
  return v;
}

export function sameValue(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && isNumericText(b)) return sameValue(a, Number(b));
  if (typeof b === 'number' && isNumericText(a)) return sameValue(Number(a), b);
  if (typeof a === 'number' && typeof b === 'number') {
    if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
    return Math.abs(a - b) <= FLOAT_TOLERANCE * Math.max(1, Math.abs(a), Math.abs(b));
  }
  return JSON.stringify(a) === JSON.stringify(b);
}

export function sameRow(expected: PlainRow, actual: PlainRow, ignore: ReadonlySet<string>): boolean {
  const keys = new Set([...Object.keys(expected), ...Object.keys(actual)]);
  for (const k of keys) {
    if (ignore.has(k)) continue;
    if (!(k in expected) || !(k in actual) || !sameValue(expected[k], actual[k])) return false;
  }
  return true;
}

/**
 * The rows of `expected` that `actual` lacks and the rows of `actual` no
 * expected row accounts for (as multisets, or position by position when ordered).
 */
export function diffRows(
  expected: readonly PlainRow[],
  actual: readonly PlainRow[],
  ordered: boolean,
  ignore: readonly string[] = [],
): { missing: PlainRow[]; unexpected: PlainRow[] } {
  const skip = new Set(ignore);
  if (ordered) {
    const n = Math.max(expected.length, actual.length);
    for (let i = 0; i < n; i++) {
      const e = expected[i];
      const a = actual[i];
      if (!e || !a || !sameRow(e, a, skip)) return { missing: expected.slice(i), unexpected: actual.slice(i) };
    }
    return { missing: [], unexpected: [] };
  }
  const left = [...actual];
  const missing: PlainRow[] = [];
  for (const e of expected) {
    const i = left.findIndex((a) => sameRow(e, a, skip));
    if (i < 0) missing.push(e);
    else left.splice(i, 1);
  }
  return { missing, unexpected: left };
}

function isNumericText(v: unknown): v is string {
  return typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v));
}
