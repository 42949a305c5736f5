import type { SqlType } from '../../compiler/SqlType.js';

/**
 * Converts a value to the runtime representation of `type` (see Row.ts), or
 * returns `undefined` when it cannot be: the caller decides whether that is a
 * NULL (CAST) or a dead-letter reason (decoding).
 */
export function castValue(v: unknown, type: SqlType): unknown {
  if (v === null || v === undefined) return null;
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
      return Number.isFinite(n) ? Math.trunc(n) : undefined;
    }
    case 'DOUBLE':
    case 'DECIMAL': {
      const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
      return Number.isFinite(n) ? n : undefined;
    }
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

/** Epoch milliseconds from a number (ms) or an ISO-8601 string. */
function toEpochMillis(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'string') {
    const ms = Date.parse(v);
    return Number.isNaN(ms) ? undefined : ms;
  }
  return undefined;
}
