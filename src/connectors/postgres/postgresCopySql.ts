import type { TableReadSpec } from '../../runtime/ports/TableSource.js';
import type { CopySql } from '../relational/TableCopy.js';
import { quote, type SinkTable } from '../relational/sinkTable.js';
import { tableReadSql } from '../relational/tableRead.js';
import { POSTGRES_READ } from './postgresReadSql.js';
import type { PgBulk, PgStatement } from './postgresSession.js';
import { tableName, type PgQuery } from './postgresSql.js';

/** The source's columns as they are: the database converts them to the target's types itself. */
const RAW_READ = { ...POSTGRES_READ, readColumn: (c: string) => c };

/** Batch copies on PostgreSQL. */
export const POSTGRES_COPY: CopySql<PgStatement> = {
  // Conflicts with every writer (and with itself), not with readers: they see the old rows until the commit.
  lockTable: (t) => `LOCK TABLE ${tableName(t)} IN SHARE ROW EXCLUSIVE MODE`,
  countRows: (t) => ({
    statement: `SELECT count(*)::int AS "n" FROM ${tableName(t)}`,
    read: (rows) => (rows as { n: number }[])[0]!.n,
  }),
  insertSelect(t: SinkTable, read: TableReadSpec): PgQuery {
    const select = tableReadSql(read, RAW_READ);
    return { text: `INSERT INTO ${tableName(t)} (${t.columns.map((c) => quote(c.name)).join(', ')})\n${select.sql}`, values: select.binds };
  },
};

/** A statement's text, for the copy's statement log. */
export const pgText = (s: PgStatement | PgBulk): string => (typeof s === 'string' ? s : 'copy' in s ? s.copy : s.text);
