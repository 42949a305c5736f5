import { isUtf8 } from 'node:buffer';

/**
 * A record larger than this is a dead letter rather than a value held, parsed
 * and copied through the batch: Kafka's own default message limit is about 1 MB.
 */
export const MAX_RECORD_BYTES = 1_048_576;

/** Deeper JSON values are refused: turning them into text recurses once per level. */
export const MAX_NESTING = 64;

/**
 * Why a record's bytes cannot be read as JSON text, or undefined when they can:
 * over the size limit, or not UTF-8 (decoding would silently put U+FFFD in the
 * row instead of the bytes that were sent).
 */
export function refuseBytes(value: Buffer | null): string | undefined {
  if (value === null) return undefined;
  if (value.length > MAX_RECORD_BYTES) return `record of ${value.length} bytes is over the ${MAX_RECORD_BYTES}-byte limit`;
  if (!isUtf8(value)) return 'not valid UTF-8';
  return undefined;
}

/** The record's text, without the byte-order mark some producers put first (JSON does not allow it). */
export function textOf(value: Buffer | null): string {
  if (value === null) return '';
  const text = value.toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

const NUL = 'holds a NUL character (U+0000), which text columns cannot store';

/**
 * Why a field's JSON value cannot be stored as it is, or undefined: a NUL
 * character (PostgreSQL text cannot hold U+0000, and the batch would fail on
 * every retry), or a value nested deeper than MAX_NESTING. Walked with a stack,
 * not recursion, so no depth can exhaust it.
 */
export function unstorableValue(raw: unknown): string | undefined {
  if (typeof raw === 'string') return raw.includes('\u0000') ? NUL : undefined;
  if (raw === null || typeof raw !== 'object') return undefined;
  const stack: [unknown, number][] = [[raw, 1]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (typeof v === 'string') {
      if (v.includes('\u0000')) return NUL;
    } else if (v !== null && typeof v === 'object') {
      if (depth > MAX_NESTING) return `is nested deeper than ${MAX_NESTING} levels`;
      for (const [k, child] of Object.entries(v)) {
        if (k.includes('\u0000')) return NUL;
        stack.push([child, depth + 1]);
      }
    }
  }
  return undefined;
}

/** A field's value as a reason shows it: JSON text, except a number JSON.parse could only read as ±Infinity. */
export function describeFound(raw: unknown): string {
  if (typeof raw === 'number' && !Number.isFinite(raw)) return 'a number beyond the range of a double';
  return JSON.stringify(raw) ?? String(raw);
}
