import { BIGINT, BOOLEAN, DATE, decimal, DOUBLE, INT, INTERVAL, isNumeric, STRING, TIMESTAMP, type SqlType } from '../../core/SqlType.js';

// Widening and unification are shared with the function signatures in src/expr.
export { unify, widen } from '../../core/commonType.js';

/** Whether values of the two types can be compared without an explicit CAST. */
export function comparable(a: SqlType, b: SqlType): boolean {
  if (a.kind === 'UNKNOWN' || b.kind === 'UNKNOWN') return true;
  if (isNumeric(a) && isNumeric(b)) return true;
  return a.kind === b.kind;
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
