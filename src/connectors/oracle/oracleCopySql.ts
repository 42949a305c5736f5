import type { TableReadSpec } from '../../runtime/ports/TableSource.js';
import type { CopySql } from '../relational/TableCopy.js';
import { quote, type SinkTable } from '../relational/sinkTable.js';
import { tableReadSql } from '../relational/tableRead.js';
import { ORACLE_READ } from './oracleReadSql.js';
import type { OracleStatement } from './oracleSession.js';
import { tableName, type OracleBatch } from './oracleSql.js';

/** The source's columns as they are: the database converts them to the target's types itself. */
const RAW_READ = { ...ORACLE_READ, readColumn: (c: string) => c };

/** Batch copies on Oracle. */
export const ORACLE_COPY: CopySql<OracleStatement> = {
  // Other writers wait for the commit; readers see the old rows until then.
  lockTable: (t) => ({ sql: `LOCK TABLE ${tableName(t)} IN EXCLUSIVE MODE`, binds: [] }),
  countRows: (t) => ({
    statement: { sql: `SELECT COUNT(*) FROM ${tableName(t)}`, binds: [] },
    read: (rows) => Number((rows as unknown[][])[0]![0]),
  }),
  insertSelect(t: SinkTable, read: TableReadSpec): OracleStatement {
    const select = tableReadSql(read, RAW_READ);
    return { sql: `INSERT INTO ${tableName(t)} (${t.columns.map((c) => quote(c.name)).join(', ')})\n${select.sql}`, binds: select.binds };
  },
};

/** A statement's text, for the copy's statement log. */
export const oracleText = (s: OracleStatement | OracleBatch): string => s.sql;
