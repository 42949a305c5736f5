import oracledb from 'oracledb';
import { Decimal } from '../../core/Decimal.js';
import type { SqlType } from '../../core/SqlType.js';
import type { IdentifierRules } from '../relational/sinkTable.js';
import type { TypeMapping } from '../relational/tableCheck.js';
import { unknownToText } from '../unknownToText.js';
import { ORACLE } from './descriptor.js';

export const ORACLE_IDENTIFIERS: IdentifierRules = {
  database: ORACLE.displayName,
  fold: (name) => name.toUpperCase(),
  maxLength: ORACLE.names!.maxLength,
};

/**
 * Strings are VARCHAR2(4000 BYTE), except in a primary key: an index key may not
 * exceed about 6400 bytes on an 8K block (ORA-01450 at CREATE TABLE), so two
 * 4000-byte key columns would make the table impossible to create. BYTE, not the
 * session's default length semantics, so the limit matches the bind's maxSize,
 * which node-oracledb counts in bytes.
 */
const STRING_BYTES = 4000;
const KEY_STRING_BYTES = 1000;
/** The unscaled digits of a DECIMAL(38): 38 digits and a sign. */
const DECIMAL_DIGITS_BYTES = 39;

/**
 * How a column travels in executeMany: its bind definition (fixed, so thin mode
 * never re-derives types or sizes from the values of one batch), the SQL that
 * turns the bind into the column value, and the JS conversion of a Row value.
 */
export interface OracleColumnBind {
  readonly bindDef: oracledb.BindDefinition;
  readonly expression: (placeholder: string) => string;
  readonly toBind: (value: unknown) => unknown;
}

export function oracleType(t: SqlType, inKey: boolean): string {
  switch (t.kind) {
    case 'STRING':
    case 'UNKNOWN':
      return `VARCHAR2(${inKey ? KEY_STRING_BYTES : STRING_BYTES} BYTE)`;
    case 'BOOLEAN':
      return 'NUMBER(1)'; // BOOLEAN columns exist only from 23ai
    case 'INT':
      return 'NUMBER(10)';
    case 'BIGINT':
      return 'NUMBER(19)';
    case 'DOUBLE':
      return 'BINARY_DOUBLE';
    case 'DECIMAL':
      return `NUMBER(${t.precision ?? 38},${t.scale ?? 0})`;
    case 'DATE':
      return 'DATE';
    case 'TIMESTAMP':
      // UTC wall time in a plain TIMESTAMP: a TIMESTAMP WITH TIME ZONE column cannot
      // be in a primary key (ORA-02329), and window_start usually is.
      return 'TIMESTAMP(3)';
    case 'INTERVAL':
      return 'INTERVAL DAY(9) TO SECOND(3)'; // the default DAY(2) stops at 99 days
  }
}

const same = (v: unknown): unknown => v;
const plain = (p: string): string => p;

export function oracleBind(t: SqlType, inKey: boolean): OracleColumnBind {
  switch (t.kind) {
    case 'STRING':
      return { bindDef: varchar(inKey), expression: plain, toBind: same };
    case 'UNKNOWN':
      return { bindDef: varchar(inKey), expression: plain, toBind: unknownToText };
    case 'BOOLEAN':
      return { bindDef: { type: oracledb.DB_TYPE_NUMBER }, expression: plain, toBind: booleanToNumber };
    case 'INT':
    case 'BIGINT':
      return { bindDef: { type: oracledb.DB_TYPE_NUMBER }, expression: plain, toBind: same };
    case 'DECIMAL': {
      // The unscaled digits as text, scaled in SQL: exact for 38 digits (a bound
      // JavaScript number holds about 16), and free of the session's
      // NLS_NUMERIC_CHARACTERS, which decides how TO_NUMBER reads a decimal point.
      const scale = t.scale ?? 0;
      return {
        bindDef: { type: oracledb.DB_TYPE_VARCHAR, maxSize: DECIMAL_DIGITS_BYTES },
        expression: (p) => (scale === 0 ? `TO_NUMBER(${p})` : `TO_NUMBER(${p}) * 1E-${scale}`),
        toBind: (v) => (v === null || v === undefined ? null : (Decimal.from(v)?.withScale(scale).unscaled.toString() ?? v)),
      };
    }
    case 'DOUBLE':
      return { bindDef: { type: oracledb.DB_TYPE_BINARY_DOUBLE }, expression: plain, toBind: same };
    case 'DATE':
      // Explicit format: an implicit string-to-DATE conversion would follow the session's NLS_DATE_FORMAT.
      return {
        bindDef: { type: oracledb.DB_TYPE_VARCHAR, maxSize: 10 },
        expression: (p) => `TO_DATE(${p}, 'YYYY-MM-DD')`,
        toBind: same,
      };
    case 'TIMESTAMP':
      // Thin mode sends a Date bound as TIMESTAMP WITH TIME ZONE in UTC, whatever the
      // process time zone (a plain TIMESTAMP bind would carry local wall time);
      // SYS_EXTRACT_UTC stores it as UTC wall time whatever the session time zone.
      return {
        bindDef: { type: oracledb.DB_TYPE_TIMESTAMP_TZ },
        expression: (p) => `SYS_EXTRACT_UTC(${p})`,
        toBind: (v) => (typeof v === 'number' ? new Date(v) : v),
      };
    case 'INTERVAL':
      return {
        bindDef: { type: oracledb.DB_TYPE_NUMBER },
        expression: (p) => `NUMTODSINTERVAL(${p} / 1000, 'SECOND')`,
        toBind: same,
      };
  }
}

function varchar(inKey: boolean): oracledb.BindDefinition {
  return { type: oracledb.DB_TYPE_VARCHAR, maxSize: inKey ? KEY_STRING_BYTES : STRING_BYTES };
}

function booleanToNumber(v: unknown): unknown {
  return typeof v === 'boolean' ? (v ? 1 : 0) : v;
}

/** One row of ALL_TAB_COLUMNS, as far as the type goes. */
export interface CatalogType {
  readonly dataType: string;
  readonly precision: number | null;
  readonly scale: number | null;
  /** Bytes, whatever length semantics the column was declared with. */
  readonly dataLength: number;
}

/** The type as a DDL author would spell it, for messages and for `accepts`. */
export function formatCatalogType(c: CatalogType): string {
  if (c.dataType === 'NUMBER') {
    if (c.precision !== null) return `NUMBER(${c.precision},${c.scale ?? 0})`;
    return c.scale === 0 ? 'NUMBER(*,0)' : 'NUMBER';
  }
  if (c.dataType === 'VARCHAR2') return `VARCHAR2(${c.dataLength} BYTE)`;
  return c.dataType; // TIMESTAMP(3), INTERVAL DAY(9) TO SECOND(3) etc. carry their precision already
}

function accepts(t: SqlType, existing: string): boolean {
  switch (t.kind) {
    case 'STRING':
    case 'UNKNOWN': {
      // A string longer than an existing VARCHAR2(n) is one row the server refuses (ORA-12899): a dead letter, not a table that does not fit.
      return ['CLOB', 'NCLOB', 'NVARCHAR2'].includes(existing) || /^VARCHAR2\(\d+ BYTE\)$/.test(existing);
    }
    case 'BOOLEAN':
      return holdsIntegers(existing, 1);
    case 'INT':
      return holdsIntegers(existing, 10);
    case 'BIGINT':
      return holdsIntegers(existing, 19);
    case 'DOUBLE':
      return existing === 'BINARY_DOUBLE' || existing === 'NUMBER';
    case 'DECIMAL': {
      const m = /^NUMBER\((\d+),(\d+)\)$/.exec(existing);
      const fits = m !== null && Number(m[1]) >= (t.precision ?? 38) && Number(m[2]) === (t.scale ?? 0);
      return existing === 'NUMBER' || fits;
    }
    case 'DATE':
      return existing === 'DATE';
    case 'TIMESTAMP':
      return /^TIMESTAMP\(\d\)$/.test(existing);
    case 'INTERVAL':
      return /^INTERVAL DAY\(\d\) TO SECOND\(\d\)$/.test(existing);
  }
}

function holdsIntegers(existing: string, digits: number): boolean {
  if (existing === 'NUMBER') return true;
  const m = /^NUMBER\((\*|\d+),0\)$/.exec(existing);
  return m !== null && (m[1] === '*' ? 38 : Number(m[1])) >= digits;
}

/** The DDL type of a non-key column: what a mismatch message offers as expected. */
export const ORACLE_TYPES: TypeMapping = { ddlType: (t) => oracleType(t, false), accepts };
