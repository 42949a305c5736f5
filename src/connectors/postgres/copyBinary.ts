import { daysFromCivil, daysInMonth } from '../../core/civilDays.js';
import { Decimal } from '../../core/Decimal.js';
import type { Row } from '../../core/Schema.js';
import type { SqlType } from '../../core/SqlType.js';
import type { SinkTable } from '../relational/sinkTable.js';
import { unknownToText } from '../unknownToText.js';

/**
 * Writes a value as a field of COPY's binary format (its length, then its bytes
 * in the column type's binary form) and says true; false where the bytes could
 * not be sure to store what the unnest INSERT (insertRows) stores: the batch
 * then goes through the INSERT, so that every value keeps the INSERT's fate.
 */
type FieldWriter = (value: unknown, out: CopyOut) => boolean;

/** The buffers are about this size: a stream write per row costs more than the COPY. */
const CHUNK_BYTES = 64 * 1024;
/** 'PGCOPY\n\377\r\n\0', no flags, no header extension. */
const HEADER = Buffer.from([0x50, 0x47, 0x43, 0x4f, 0x50, 0x59, 0x0a, 0xff, 0x0d, 0x0a, 0x00, 0, 0, 0, 0, 0, 0, 0, 0]);
const TRAILER = Buffer.from([0xff, 0xff]);

/**
 * The rows as the data of `COPY … FROM STDIN (FORMAT binary)`, each value
 * encoded once, straight into the buffers; undefined when one value needs the
 * INSERT. That is a value whose outcome through the INSERT's array parameter
 * differs from COPY's, not one the server refuses as such: a NUL character
 * (refused either way, found without a round trip), an INT beyond 32 bits or a
 * DECIMAL beyond its precision (the INSERT's array type refuses them, a wider
 * column would not), a DATE not written YYYY-MM-DD (the server reads other
 * spellings), a TIMESTAMP outside years 1–9999 or an INTERVAL beyond 2^53
 * microseconds (the INSERT computes them), and a JavaScript value the column's
 * type does not hold. Binary rather than text, by measurement: bench/BASELINE.md.
 */
export function copyBinary(t: SinkTable, rows: readonly Row[]): Buffer[] | undefined {
  const fields = t.columns.map((c) => fieldWriter(c.type, t.existingTypes?.get(c.name)));
  const width = fields.length;
  const out = new CopyOut();
  out.bytes(HEADER);
  for (const row of rows) {
    out.room(2);
    out.int16(width);
    for (let i = 0; i < width; i++) {
      const v = row[i];
      if (v === null || v === undefined) {
        out.room(4);
        out.int32(-1);
      } else if (!fields[i]!(v, out)) return undefined;
    }
  }
  out.bytes(TRAILER);
  return out.end();
}

/** Where the INSERT's array element has the column's own type, both read the same value; elsewhere the writer checks what the INSERT's type would refuse. */
function fieldWriter(t: SqlType, existing: string | undefined): FieldWriter {
  switch (t.kind) {
    case 'STRING':
      return existing === 'jsonb' ? jsonbWriter : textWriter;
    case 'UNKNOWN':
      return (v, out) => writeText(unknownToText(v) as string, out);
    case 'BOOLEAN':
      return (v, out) => {
        if (typeof v !== 'boolean') return false;
        out.room(5);
        out.int32(1);
        out.byte(v ? 1 : 0);
        return true;
      };
    case 'INT':
      // INTEGER[] refuses what a BIGINT column would take; the bytes are the column's type.
      return existing === 'bigint' ? (v, out) => isInt32(v) && writeInt64(v, out) : (v, out) => isInt32(v) && writeInt32(v, out);
    case 'BIGINT':
      return (v, out) => {
        if (typeof v === 'number') return Number.isSafeInteger(v) && writeInt64(v, out);
        if (typeof v !== 'bigint' || BigInt.asIntN(64, v) !== v) return false;
        out.room(12);
        out.int32(8);
        out.bigint64(v);
        return true;
      };
    case 'DOUBLE':
      return (v, out) => {
        if (typeof v !== 'number') return false;
        out.room(12);
        out.int32(8);
        // The INSERT sends String(v), which spells -0 as 0.
        out.float8(v === 0 ? 0 : v);
        return true;
      };
    case 'DECIMAL':
      return decimalWriter(t.precision ?? 38, t.scale ?? 0);
    case 'DATE':
      return dateWriter;
    case 'TIMESTAMP':
      return (v, out) =>
        typeof v === 'number' && Number.isInteger(v) && v >= FIRST_MS && v <= LAST_MS && writeMicros(v - PG_EPOCH_MS, out, 8);
    case 'INTERVAL':
      // Microseconds, no days, no months: the INSERT's ms × INTERVAL '1 millisecond', exact while within 2^53 µs.
      return (v, out) => typeof v === 'number' && Number.isInteger(v) && Math.abs(v) <= INTERVAL_MS_LIMIT && writeMicros(v, out, 16);
  }
}

const isInt32 = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= -2_147_483_648 && v <= 2_147_483_647;

/** What pg's array encoding writes for a primitive is its String(); an object would travel as JSON there, and has no place in a text column. */
function textWriter(v: unknown, out: CopyOut): boolean {
  const type = typeof v;
  if (type === 'string') return writeText(v as string, out);
  return (type === 'number' || type === 'bigint' || type === 'boolean') && writeText(String(v), out);
}

/** jsonb's binary form is a version byte, then the JSON text, which the server parses as the INSERT's cast does. */
function jsonbWriter(v: unknown, out: CopyOut): boolean {
  if (typeof v !== 'string' || v.includes('\0')) return false;
  out.room(5 + 3 * v.length);
  const at = out.reserve(4);
  out.byte(1);
  out.int32At(at, out.text(v) + 1);
  return true;
}

/** A NUL character, which no text column holds, sends the batch through the INSERT. */
function writeText(s: string, out: CopyOut): boolean {
  if (s.includes('\0')) return false;
  out.room(4 + 3 * s.length);
  const at = out.reserve(4);
  out.int32At(at, out.text(s));
  return true;
}

function writeInt32(v: number, out: CopyOut): boolean {
  out.room(8);
  out.int32(4);
  out.int32(v);
  return true;
}

function writeInt64(v: number, out: CopyOut): boolean {
  out.room(12);
  out.int32(8);
  out.int64(v);
  return true;
}

/** 2000-01-01, PostgreSQL's epoch, in Unix milliseconds. */
const PG_EPOCH_MS = 946_684_800_000;
/** 0001-01-01 and 9999-12-31T23:59:59.999Z. */
const FIRST_MS = -62_135_596_800_000;
const LAST_MS = 253_402_300_799_999;
const INTERVAL_MS_LIMIT = Math.floor(2 ** 53 / 1000);

/** Milliseconds as int64 microseconds (timestamptz, `size` 8), or as an interval's time part with no days and months (`size` 16). */
function writeMicros(ms: number, out: CopyOut, size: 8 | 16): boolean {
  out.room(4 + size);
  out.int32(size);
  out.int64Thousands(ms);
  if (size === 16) {
    out.int32(0);
    out.int32(0);
  }
  return true;
}

const DATE_TEXT = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A canonical 'YYYY-MM-DD' of years 1–9999 as days since 2000-01-01; any other spelling is the server's to read, through the INSERT. */
function dateWriter(v: unknown, out: CopyOut): boolean {
  const m = typeof v === 'string' ? DATE_TEXT.exec(v) : null;
  if (m === null) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < 1 || mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return false;
  out.room(8);
  out.int32(4);
  out.int32(daysFromCivil(y, mo, d) - PG_EPOCH_DAYS);
  return true;
}

const PG_EPOCH_DAYS = daysFromCivil(2000, 1, 1);

/**
 * numeric's binary form: base-10000 digits with a weight, a sign and the
 * display scale. The INSERT's NUMERIC(p,s)[] refuses a value beyond p digits
 * that an unconstrained or wider column takes.
 */
function decimalWriter(precision: number, scale: number): FieldWriter {
  const limit = 10n ** BigInt(precision);
  return (v, out) => {
    const d = Decimal.from(v)?.withScale(scale);
    if (d === undefined || d.unscaled >= limit || -d.unscaled >= limit) return false;
    const negative = d.unscaled < 0n;
    const digits = (negative ? -d.unscaled : d.unscaled).toString().padStart(scale + 1, '0');
    const whole = digits.slice(0, digits.length - scale);
    const fraction = digits.slice(digits.length - scale);
    const text = whole.padStart(Math.ceil(whole.length / 4) * 4, '0') + fraction.padEnd(Math.ceil(fraction.length / 4) * 4, '0');
    let first = 0;
    let last = text.length / 4;
    let weight = Math.ceil(whole.length / 4) - 1;
    while (first < last && text.slice(first * 4, first * 4 + 4) === '0000') {
      first++;
      weight--;
    }
    while (last > first && text.slice(last * 4 - 4, last * 4) === '0000') last--;
    const count = last - first;
    out.room(4 + 8 + 2 * count);
    out.int32(8 + 2 * count);
    out.int16(count);
    out.int16(count === 0 ? 0 : weight);
    out.int16(negative && count > 0 ? 0x4000 : 0);
    out.int16(scale);
    for (let g = first; g < last; g++) out.int16(Number(text.slice(g * 4, g * 4 + 4)));
    return true;
  };
}

/** Big-endian writes into buffers of about CHUNK_BYTES; room(n) before writing n bytes. */
class CopyOut {
  private buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  private at = 0;
  private readonly done: Buffer[] = [];

  room(n: number): void {
    if (this.at + n <= this.buffer.length) return;
    this.done.push(this.buffer.subarray(0, this.at));
    this.buffer = Buffer.allocUnsafe(Math.max(CHUNK_BYTES, n));
    this.at = 0;
  }

  /** Reserves `n` bytes to fill later (a length), returning where they are. */
  reserve(n: number): number {
    const at = this.at;
    this.at += n;
    return at;
  }

  byte(v: number): void {
    this.buffer[this.at++] = v;
  }

  int16(v: number): void {
    this.at = this.buffer.writeInt16BE(v, this.at);
  }

  int32(v: number): void {
    this.at = this.buffer.writeInt32BE(v, this.at);
  }

  int32At(at: number, v: number): void {
    this.buffer.writeInt32BE(v, at);
  }

  /** A safe integer as int64. */
  int64(v: number): void {
    const high = Math.floor(v / 2 ** 32);
    this.at = this.buffer.writeInt32BE(high, this.at);
    this.at = this.buffer.writeUInt32BE(v - high * 2 ** 32, this.at);
  }

  /** A safe integer × 1000 as int64, exactly where the product passes 2^53: built from 32-bit halves. */
  int64Thousands(v: number): void {
    const high = Math.floor(v / 2 ** 32);
    const low = (v - high * 2 ** 32) * 1000;
    const carry = Math.floor(low / 2 ** 32);
    this.at = this.buffer.writeInt32BE(high * 1000 + carry, this.at);
    this.at = this.buffer.writeUInt32BE(low - carry * 2 ** 32, this.at);
  }

  bigint64(v: bigint): void {
    this.at = this.buffer.writeBigInt64BE(v, this.at);
  }

  float8(v: number): void {
    this.at = this.buffer.writeDoubleBE(v, this.at);
  }

  /** UTF-8, as pg sends a parameter; the bytes written. */
  text(s: string): number {
    const n = this.buffer.write(s, this.at, 'utf8');
    this.at += n;
    return n;
  }

  bytes(b: Buffer): void {
    this.room(b.length);
    this.at += b.copy(this.buffer, this.at);
  }

  end(): Buffer[] {
    return [...this.done, this.buffer.subarray(0, this.at)];
  }
}
