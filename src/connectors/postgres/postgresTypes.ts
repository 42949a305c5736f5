import { Decimal } from '../../core/Decimal.js';
import type { SqlType } from '../../core/SqlType.js';
import type { IdentifierRules } from '../relational/sinkTable.js';
import type { TypeMapping } from '../relational/tableCheck.js';
import { unknownToText } from '../unknownToText.js';
import { POSTGRES } from './descriptor.js';

export const POSTGRES_IDENTIFIERS: IdentifierRules = {
  database: POSTGRES.displayName,
  fold: (name) => name.toLowerCase(),
  maxLength: POSTGRES.names!.maxLength,
};

/**
 * How a column travels in the single `unnest` insert: one array parameter per
 * column, and the SQL expression that turns an element of it into the column value.
 */
export interface PgColumnBind {
  readonly arrayType: string;
  readonly expression: (element: string) => string;
  readonly toParam: (value: unknown) => unknown;
}

export function pgType(t: SqlType): string {
  switch (t.kind) {
    case 'STRING':
    case 'UNKNOWN':
      return 'TEXT';
    case 'BOOLEAN':
      return 'BOOLEAN';
    case 'INT':
      return 'INTEGER';
    case 'BIGINT':
      return 'BIGINT';
    case 'DOUBLE':
      return 'DOUBLE PRECISION';
    case 'DECIMAL':
      return `NUMERIC(${t.precision ?? 38},${t.scale ?? 0})`;
    case 'DATE':
      return 'DATE';
    case 'TIMESTAMP':
      return 'TIMESTAMPTZ';
    case 'INTERVAL':
      return 'INTERVAL';
  }
}

const same = (v: unknown): unknown => v;
const asIs = (e: string): string => e;

export function pgBind(t: SqlType): PgColumnBind {
  switch (t.kind) {
    case 'UNKNOWN':
      return { arrayType: 'TEXT[]', expression: asIs, toParam: unknownToText };
    case 'TIMESTAMP':
      // Epoch milliseconds as BIGINT, converted by integer arithmetic: exact for any
      // date (to_timestamp(ms / 1000.0) is off by microseconds far from 1970) and a
      // third faster than sending Date objects, which travel as text to be parsed.
      return {
        arrayType: 'BIGINT[]',
        expression: (e) => `to_timestamp(${e} / 1000) + (${e} % 1000) * INTERVAL '1 millisecond'`,
        toParam: same,
      };
    case 'INTERVAL':
      // Intervals travel as milliseconds, like timestamps.
      return { arrayType: 'BIGINT[]', expression: (e) => `${e} * INTERVAL '1 millisecond'`, toParam: same };
    case 'DECIMAL':
      // As text, every digit: NUMERIC reads it exactly.
      return { arrayType: `${pgType(t)}[]`, expression: asIs, toParam: (v) => decimalText(v, t.scale ?? 0) };
    default:
      return { arrayType: `${pgType(t)}[]`, expression: asIs, toParam: same };
  }
}

function decimalText(v: unknown, scale: number): unknown {
  return v === null || v === undefined ? null : (Decimal.from(v)?.withScale(scale).toString() ?? v);
}

/** Spellings of format_type() that hold each query type losslessly (DECIMAL aside). */
const ACCEPTED: Record<Exclude<SqlType['kind'], 'DECIMAL'>, readonly string[]> = {
  // json and jsonb take a string as its JSON text (insertRows casts it); one that is not JSON is a row the server refuses.
  STRING: ['text', 'character varying', 'json', 'jsonb'],
  UNKNOWN: ['text', 'character varying'],
  BOOLEAN: ['boolean'],
  INT: ['integer', 'bigint'],
  BIGINT: ['bigint'],
  DOUBLE: ['double precision'],
  DATE: ['date'],
  TIMESTAMP: ['timestamp with time zone'],
  INTERVAL: ['interval'],
};

function accepts(t: SqlType, existing: string): boolean {
  // A string longer than an existing varchar(n) is one row the server refuses: a dead letter, not a table that does not fit.
  if ((t.kind === 'STRING' || t.kind === 'UNKNOWN') && /^character varying\(\d+\)$/.test(existing)) return true;
  if (t.kind !== 'DECIMAL') return ACCEPTED[t.kind].includes(existing);
  if (existing === 'numeric') return true;
  const m = /^numeric\((\d+),(\d+)\)$/.exec(existing);
  return m !== null && Number(m[1]) >= (t.precision ?? 38) && Number(m[2]) === (t.scale ?? 0);
}

export const POSTGRES_TYPES: TypeMapping = { ddlType: pgType, accepts };
