import { BIGINT, BOOLEAN, DATE, decimal, DOUBLE, INT, INTERVAL, isNumeric, STRING, TIMESTAMP, type SqlType } from '../../core/SqlType.js';

const NUMERIC_RANK: Record<string, number> = { INT: 0, BIGINT: 1, DECIMAL: 2, DOUBLE: 3 };

/** Implicit numeric widening: INT < BIGINT < DECIMAL < DOUBLE. */
export function widen(a: SqlType, b: SqlType): SqlType {
  return (NUMERIC_RANK[a.kind] ?? 0) >= (NUMERIC_RANK[b.kind] ?? 0) ? a : b;
}

/** Whether values of the two types can be compared without an explicit CAST. */
export function comparable(a: SqlType, b: SqlType): boolean {
  if (a.kind === 'UNKNOWN' || b.kind === 'UNKNOWN') return true;
  if (isNumeric(a) && isNumeric(b)) return true;
  return a.kind === b.kind;
}

/** A common type for CASE branches, COALESCE arguments and IN lists. */
export function unify(a: SqlType, b: SqlType): SqlType | undefined {
  if (a.kind === 'UNKNOWN') return b;
  if (b.kind === 'UNKNOWN') return a;
  if (isNumeric(a) && isNumeric(b)) return widen(a, b);
  return a.kind === b.kind ? a : undefined;
}

/** The type named in a declaration or CAST, or undefined for an unknown name. */
export function typeFromName(name: string, params: readonly number[]): SqlType | undefined {
  switch (name) {
    case 'STRING':
    case 'VARCHAR':
    case 'TEXT':
      return STRING;
    case 'BOOLEAN':
      return BOOLEAN;
    case 'INT':
    case 'INTEGER':
      return INT;
    case 'BIGINT':
      return BIGINT;
    case 'DOUBLE':
      return DOUBLE;
    case 'DECIMAL':
    case 'NUMERIC':
      return decimal(params[0] ?? 38, params[1] ?? 0);
    case 'DATE':
      return DATE;
    case 'TIMESTAMP':
      return TIMESTAMP;
    case 'INTERVAL':
      return INTERVAL;
    default:
      return undefined;
  }
}

export const TYPE_NAMES = ['STRING', 'BOOLEAN', 'INT', 'BIGINT', 'DOUBLE', 'DECIMAL', 'DATE', 'TIMESTAMP', 'INTERVAL'];
