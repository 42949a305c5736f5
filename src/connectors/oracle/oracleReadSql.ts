import type { SqlType } from '../../core/SqlType.js';
import type { TableReadDialect } from '../relational/tableRead.js';
import { tableName } from './oracleSql.js';
import { ORACLE_IDENTIFIERS } from './oracleTypes.js';

/** Milliseconds in an INTERVAL DAY TO SECOND, exactly: its fields by EXTRACT. */
function intervalMillis(i: string): string {
  return (
    `(EXTRACT(DAY FROM ${i}) * 86400000 + EXTRACT(HOUR FROM ${i}) * 3600000` +
    ` + EXTRACT(MINUTE FROM ${i}) * 60000 + FLOOR(EXTRACT(SECOND FROM ${i}) * 1000))`
  );
}

/**
 * Batch reads on Oracle. A TIMESTAMP column holds UTC wall time (as k2o writes
 * it), read as epoch milliseconds through its interval since 1970; a DATE is
 * 'YYYY-MM-DD'; a NUMBER of a DECIMAL column comes as text with every digit
 * (TO_CHAR's TM format, the period as decimal mark whatever the session's NLS
 * settings). node-oracledb returns NUMBER as a JavaScript number otherwise.
 */
export const ORACLE_READ: TableReadDialect = {
  identifiers: ORACLE_IDENTIFIERS,
  tableName,
  placeholder: (n) => `:${n}`,
  readColumn(c: string, type: SqlType): string {
    switch (type.kind) {
      case 'TIMESTAMP':
        return intervalMillis(`(CAST(${c} AS TIMESTAMP) - TIMESTAMP '1970-01-01 00:00:00')`);
      case 'INTERVAL':
        return intervalMillis(c);
      case 'DATE':
        return `TO_CHAR(${c}, 'YYYY-MM-DD')`;
      case 'DECIMAL':
      case 'BIGINT':
        return `TO_CHAR(${c}, 'TM9', 'NLS_NUMERIC_CHARACTERS=''.,''')`;
      default:
        return c;
    }
  },
};
