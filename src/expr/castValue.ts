import { Decimal, isDecimal } from '../core/Decimal.js';
import { MAX_PRECISION } from '../core/decimalTypes.js';
import type { SqlType } from '../core/SqlType.js';
import { isoTimeMillis } from './isoTime.js';

const INT_MAX = 2_147_483_647;

/**
 * Converts a value to the runtime representation of `type` (see Row.ts), or
 * returns `undefined` when it cannot be: the caller decides whether that is a
 * NULL (CAST) or a dead-letter reason (decoding). A value out of the type's
 * range cannot be: written anyway, the database would refuse the whole batch.
 * `decode` is stricter than CAST: a record's 3.7 is not an INT, while
 * CAST(3.7 AS INT) truncates as SQL does.
 */
export function castValue(v: unknown, type: SqlType, mode: 'cast' | 'decode' = 'cast'): unknown {
  if (v === null || v === undefined) return null;
  if (isDecimal(v) && type.kind !== 'DECIMAL') return castDecimal(v, type, mode);
  switch (type.kind) {
    case 'STRING':
    case 'UNKNOWN':
      return typeof v === 'object' ? JSON.stringify(v) : String(v);
    case 'BOOLEAN':
      if (typeof v === 'boolean') return v;
      if (v === 'true' || v === 1) return true;
      if (v === 'false' || v === 0) return false;
      return undefined;
    case 'INT':
    case 'BIGINT': {
      const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
      if (!Number.isFinite(n) || (mode === 'decode' && !Number.isInteger(n))) return undefined;
      const i = Math.trunc(n);
      const fits = type.kind === 'INT' ? Math.abs(i) <= INT_MAX : Number.isSafeInteger(i);
      return fits ? i : undefined;
    }
    case 'DOUBLE': {
      const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
      return Number.isFinite(n) ? n : undefined;
    }
    case 'DECIMAL':
      return typeof v === 'boolean' ? undefined : toDecimalType(Decimal.from(v), type);
    case 'TIMESTAMP':
      return toEpochMillis(v);
    case 'DATE': {
      const ms = toEpochMillis(v);
      return ms === undefined ? undefined : new Date(ms).toISOString().slice(0, 10);
    }
    case 'INTERVAL':
      return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
  }
}

/**
 * A decimal rounded half away from zero to the type's scale, as PostgreSQL,
 * Oracle and Spark store it; undefined when its digits exceed the precision.
 */
export function toDecimalType(d: Decimal | undefined, type: SqlType): Decimal | undefined {
  const scaled = d?.withScale(type.scale ?? 0);
  return scaled?.fits(type.precision ?? MAX_PRECISION) ? scaled : undefined;
}

/** A DECIMAL value to another type: text keeps its scale (`12.30`), integers truncate exactly, the rest go through the double. */
function castDecimal(d: Decimal, type: SqlType, mode: 'cast' | 'decode'): unknown {
  if (type.kind === 'STRING' || type.kind === 'UNKNOWN') return d.toString();
  if (type.kind === 'INT' || type.kind === 'BIGINT') return castValue(Number(d.truncate()), type, mode);
  return castValue(d.toNumber(), type, mode);
}

/** Times the sinks can all store: years 0001 to 9999 (Oracle's TIMESTAMP range, inside PostgreSQL's). */
export const MIN_TIME_MS = -62135596800000;
export const MAX_TIME_MS = 253402300799999;

/**
 * Epoch milliseconds from a number (ms) or an ISO-8601 string (isoTime.ts), or
 * undefined. A time outside years 0001–9999 is refused: no sink could store it.
 */
function toEpochMillis(v: unknown): number | undefined {
  // Timestamps are whole milliseconds: a fraction would not fit the sinks' columns.
  if (typeof v === 'number') return Number.isFinite(v) ? inRange(Math.round(v)) : undefined;
  if (typeof v !== 'string') return undefined;
  const ms = isoTimeMillis(v);
  return ms === undefined ? undefined : inRange(ms);
}

function inRange(ms: number): number | undefined {
  return ms >= MIN_TIME_MS && ms <= MAX_TIME_MS ? ms : undefined;
}
