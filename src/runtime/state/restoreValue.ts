import { Decimal } from '../../core/Decimal.js';
import type { SqlType } from '../../core/SqlType.js';

/**
 * A row value of `type` back from saved state (JSON): a DECIMAL was saved as its
 * text (Decimal.toJSON) and becomes a Decimal again; every other value is JSON as it is.
 */
export function restoreValue(type: SqlType): (saved: unknown) => unknown {
  if (type.kind !== 'DECIMAL') return (v) => v;
  const scale = type.scale ?? 0;
  return (v) => (typeof v === 'string' ? (Decimal.parse(v)?.withScale(scale) ?? null) : v);
}
