/** The column types of the language (DESIGN §2). */
export type SqlTypeKind =
  | 'STRING'
  | 'BOOLEAN'
  | 'INT'
  | 'BIGINT'
  | 'DOUBLE'
  | 'DECIMAL'
  | 'DATE'
  | 'TIMESTAMP'
  | 'INTERVAL'
  /** A column read from JSON without a declared schema whose use has not fixed its type. */
  | 'UNKNOWN';

export interface SqlType {
  readonly kind: SqlTypeKind;
  readonly precision?: number;
  readonly scale?: number;
}

export const STRING: SqlType = { kind: 'STRING' };
export const BOOLEAN: SqlType = { kind: 'BOOLEAN' };
export const INT: SqlType = { kind: 'INT' };
export const BIGINT: SqlType = { kind: 'BIGINT' };
export const DOUBLE: SqlType = { kind: 'DOUBLE' };
export const DATE: SqlType = { kind: 'DATE' };
export const TIMESTAMP: SqlType = { kind: 'TIMESTAMP' };
export const INTERVAL: SqlType = { kind: 'INTERVAL' };
export const UNKNOWN: SqlType = { kind: 'UNKNOWN' };

export function decimal(precision: number, scale: number): SqlType {
  return { kind: 'DECIMAL', precision, scale };
}

export function isNumeric(t: SqlType): boolean {
  return t.kind === 'INT' || t.kind === 'BIGINT' || t.kind === 'DOUBLE' || t.kind === 'DECIMAL';
}

export function formatType(t: SqlType): string {
  if (t.kind === 'DECIMAL') return `DECIMAL(${t.precision ?? 38},${t.scale ?? 0})`;
  return t.kind;
}
