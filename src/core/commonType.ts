import { isExactDecimal, widerDecimalType } from './decimalTypes.js';
import { isNumeric, type SqlType } from './SqlType.js';

const NUMERIC_RANK: Record<string, number> = { INT: 0, BIGINT: 1, DECIMAL: 2, DOUBLE: 3 };

/** Implicit numeric widening: INT < BIGINT < DECIMAL < DOUBLE; two DECIMALs widen to one that holds both. */
export function widen(a: SqlType, b: SqlType): SqlType {
  if (isExactDecimal(a, b)) return widerDecimalType(a, b);
  return (NUMERIC_RANK[a.kind] ?? 0) >= (NUMERIC_RANK[b.kind] ?? 0) ? a : b;
}

/** A common type for CASE branches, COALESCE arguments and IN lists. */
export function unify(a: SqlType, b: SqlType): SqlType | undefined {
  if (a.kind === 'UNKNOWN') return b;
  if (b.kind === 'UNKNOWN') return a;
  if (isNumeric(a) && isNumeric(b)) return widen(a, b);
  return a.kind === b.kind ? a : undefined;
}
