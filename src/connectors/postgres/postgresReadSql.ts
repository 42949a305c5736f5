import type { SqlType } from '../../core/SqlType.js';
import type { TableReadDialect } from '../relational/tableRead.js';
import { tableName } from './postgresSql.js';
import { POSTGRES_IDENTIFIERS } from './postgresTypes.js';

/** The name of the cursor a batch read fetches from, inside its own transaction. */
export const READ_CURSOR = 'k2o_read';

/**
 * Batch reads on PostgreSQL. Times and intervals come as epoch milliseconds
 * (timestamptz and timestamp alike: a plain timestamp is read as UTC, as k2o
 * writes it), dates as 'YYYY-MM-DD', numerics as text with every digit.
 */
export const POSTGRES_READ: TableReadDialect = {
  identifiers: POSTGRES_IDENTIFIERS,
  tableName,
  placeholder: (n) => `$${n}`,
  readColumn(c: string, type: SqlType): string {
    switch (type.kind) {
      case 'TIMESTAMP':
      case 'INTERVAL':
        return `floor(extract(epoch FROM ${c}) * 1000)::float8`;
      case 'DATE':
        return `to_char(${c}, 'YYYY-MM-DD')`;
      case 'DECIMAL':
        return `${c}::text`;
      default:
        return c;
    }
  },
};

/** Declares the read's cursor: rows are then fetched a chunk at a time, never the whole table at once. */
export function declareCursor(select: string): string {
  return `DECLARE ${READ_CURSOR} NO SCROLL CURSOR FOR\n${select}`;
}

export function fetchCursor(rows: number): string {
  return `FETCH FORWARD ${Math.floor(rows)} FROM ${READ_CURSOR}`;
}
