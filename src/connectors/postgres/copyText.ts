import { Decimal } from '../../core/Decimal.js';
import type { Row } from '../../core/Schema.js';
import type { SqlType } from '../../core/SqlType.js';
import type { SinkTable } from '../relational/sinkTable.js';
import { unknownToText } from '../unknownToText.js';

/**
 * A value as a field of COPY's text format, or undefined where the text cannot
 * be sure to store what the unnest INSERT (insertRows) stores: the batch then
 * goes through the INSERT, so that every value keeps the INSERT's fate.
 */
type FieldText = (value: unknown) => string | undefined;

/** COPY's text format is written in chunks of about this many characters: a stream write per row costs more than the COPY. */
const CHUNK_CHARS = 64 * 1024;

/**
 * The rows as the data of `COPY … FROM STDIN` (text format), each value encoded
 * once, straight into the text; undefined when one value needs the INSERT. That
 * is a value whose outcome through the INSERT's array parameter differs from
 * COPY's, not a value the server refuses as such: a NUL character (refused
 * either way, found without a round trip), an INT beyond 32 bits or a DECIMAL
 * beyond its precision (the INSERT's array type refuses them, a wider column
 * would not), a TIMESTAMP outside years 1–9999 or an INTERVAL beyond 2^53
 * microseconds (the INSERT computes them), and a JavaScript value the column's
 * type does not hold.
 */
export function copyText(t: SinkTable, rows: readonly Row[]): string[] | undefined {
  const fields = t.columns.map((c) => fieldText(c.type));
  const width = fields.length;
  const chunks: string[] = [];
  let chunk = '';
  for (const row of rows) {
    for (let i = 0; i < width; i++) {
      const v = row[i];
      const text = v === null || v === undefined ? '\\N' : fields[i]!(v);
      if (text === undefined) return undefined;
      chunk += i === 0 ? text : `\t${text}`;
    }
    chunk += '\n';
    if (chunk.length >= CHUNK_CHARS) {
      chunks.push(chunk);
      chunk = '';
    }
  }
  if (chunk !== '') chunks.push(chunk);
  return chunks;
}

/** Where the INSERT's array element has the column's own type, both run the same input function on the same text. */
function fieldText(t: SqlType): FieldText {
  switch (t.kind) {
    case 'UNKNOWN':
      return (v) => escaped(unknownToText(v) as string);
    case 'INT':
      // INTEGER[] refuses what a BIGINT column would take.
      return (v) => (typeof v === 'number' && Number.isInteger(v) && v >= -2_147_483_648 && v <= 2_147_483_647 ? String(v) : undefined);
    case 'DECIMAL':
      return decimalText(t.precision ?? 38, t.scale ?? 0);
    case 'TIMESTAMP':
      return timestampText();
    case 'INTERVAL':
      return intervalText;
    case 'BOOLEAN':
      return (v) => (typeof v === 'boolean' ? (v ? 't' : 'f') : undefined);
    default:
      return primitiveText;
  }
}

/** What pg's array encoding writes for a primitive: its String(). An object would travel as JSON there; it has no place in a typed column. */
function primitiveText(v: unknown): string | undefined {
  const type = typeof v;
  return type === 'string' || type === 'number' || type === 'bigint' || type === 'boolean' ? escaped(String(v)) : undefined;
}

/** The INSERT's NUMERIC(p,s)[] refuses a value beyond p digits that an unconstrained or wider column takes. */
function decimalText(precision: number, scale: number): FieldText {
  const limit = 10n ** BigInt(precision);
  return (v) => {
    const d = Decimal.from(v)?.withScale(scale);
    if (d === undefined || d.unscaled >= limit || -d.unscaled >= limit) return undefined;
    return d.toString();
  };
}

/** 0001-01-01 and 9999-12-31T23:59:59.999Z: toISOString's four-digit years, which timestamptz reads as written. */
const FIRST_MS = -62_135_596_800_000;
const LAST_MS = 253_402_300_799_999;

/** '000Z' … '999Z': the milliseconds and zone that end a timestamp's text. */
const MILLIS_TEXT = Array.from({ length: 1000 }, (_, ms) => `${String(ms).padStart(3, '0')}Z`);

/**
 * Epoch milliseconds as UTC text (toISOString's); the INSERT converts them with
 * integer arithmetic, equally exact. The rows of a batch are often within a
 * second of each other, and toISOString is most of the cost of a row: the text
 * up to the second is made once per second.
 */
function timestampText(): FieldText {
  let second = NaN;
  let head = '';
  return (v) => {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < FIRST_MS || v > LAST_MS) return undefined;
    const s = Math.floor(v / 1000);
    if (s !== second) {
      second = s;
      head = new Date(s * 1000).toISOString().slice(0, 20);
    }
    return head + MILLIS_TEXT[v - s * 1000]!;
  };
}

/** The INSERT multiplies `INTERVAL '1 millisecond'` in double precision: exact while the microseconds stay within 2^53. */
const INTERVAL_MS_LIMIT = Math.floor(2 ** 53 / 1000);

/** Milliseconds as interval text: all of it in the time part, as the INSERT's product has it. */
function intervalText(v: unknown): string | undefined {
  return typeof v === 'number' && Number.isInteger(v) && Math.abs(v) <= INTERVAL_MS_LIMIT ? `${v} milliseconds` : undefined;
}

const SPECIAL = /[\\\t\n\r\0]/;
const ESCAPES: Readonly<Record<string, string>> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** Backslash, tab and line breaks escaped; a NUL character, which no text column holds, sends the batch through the INSERT. */
function escaped(s: string): string | undefined {
  if (!SPECIAL.test(s)) return s;
  if (s.includes('\0')) return undefined;
  return s.replace(/[\\\t\n\r]/g, (c) => ESCAPES[c]!);
}
