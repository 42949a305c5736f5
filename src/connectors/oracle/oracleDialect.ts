import oracledb from 'oracledb';
import type { SqlDialect } from '../relational/SqlDialect.js';
import type { ExistingColumn } from '../relational/tableCheck.js';
import type { OracleStatement } from './oracleSession.js';
import { classifyOracleError } from './oracleErrors.js';
import {
  addColumn,
  alterType,
  catalogType,
  createDeclaredTable,
  declaredType,
  setNullable,
  createDeadLettersTable,
  createOffsetsTable,
  createStateTable,
  createTable,
  DEAD_LETTER_COLUMNS,
  DEAD_LETTER_KEY,
  deleteAll,
  describeTable,
  ignoringExisting,
  insertRows,
  mergeDeadLetters,
  mergeOffsets,
  mergeRows,
  mergeState,
  selectOffsets,
  selectState,
  tableName,
  type OracleBatch,
} from './oracleSql.js';
import { formatCatalogType, ORACLE_IDENTIFIERS, ORACLE_TYPES } from './oracleTypes.js';

/** One row of describeTable, fetched as an object. */
interface CatalogRow {
  name: string;
  dataType: string;
  precision: number | null;
  scale: number | null;
  dataLength: number;
  nullable: 'Y' | 'N';
  defaultLength: number | null;
}
import { createStateEntriesTable, deleteStateEntries, mergeStateEntries, readStateEntries, selectStateEntries } from './oracleStateSql.js';

const plain = (sql: string): OracleStatement => ({ sql, binds: [] });
/** Oracle before 23ai has no CREATE TABLE IF NOT EXISTS. */
const creating = (ddl: string): OracleStatement => plain(ignoringExisting(ddl));

/**
 * Oracle for TransactionalSink: oracleSql's statements, upserts as MERGE. Rows come
 * back as arrays, except the catalog's, fetched as objects named by the SQL's aliases.
 */
export const ORACLE_DIALECT: SqlDialect<OracleStatement, OracleBatch> = {
  identifiers: ORACLE_IDENTIFIERS,
  types: ORACLE_TYPES,
  tableName,
  createTable: (t) => creating(createTable(t)),
  createOffsetsTable: (t) => creating(createOffsetsTable(t)),
  createStateTable: (t) => creating(createStateTable(t)),
  createStateEntriesTable: (t) => creating(createStateEntriesTable(t)),
  createDeadLettersTable: (t) => creating(createDeadLettersTable(t)),
  describeTable: (t) => ({
    statement: { ...describeTable(t), options: { outFormat: oracledb.OUT_FORMAT_OBJECT } },
    read: (rows) => (rows as CatalogRow[]).map(toExisting),
  }),
  declaredTables: {
    create: (t, columns, key) => creating(createDeclaredTable(t, columns, key)),
    ddlType: declaredType,
    catalogType: catalogType,
    addColumn: addColumn,
    alterType: alterType,
    setNullable: setNullable,
  },
  // No uniqueKeys: MERGE finds a stored row by its key whether or not the table
  // has that primary key, so an existing table only needs the columns.
  deadLetterColumns: DEAD_LETTER_COLUMNS,
  deadLetterKey: DEAD_LETTER_KEY,
  selectOffsets: (t, queryId, opts) => ({
    statement: selectOffsets(t, queryId, opts),
    read: (rows) => (rows as [string, number, string][]).map(([topic, partition, offset]) => ({ topic, partition, offset })),
  }),
  selectState: (t, queryId) => ({
    statement: { ...selectState(t, queryId), options: { fetchInfo: { STATE: { type: oracledb.STRING } } } },
    read: (rows) => (rows as [string][])[0]?.[0],
  }),
  selectStateEntries: (t, queryId) => ({
    statement: { ...selectStateEntries(t, queryId), options: { fetchInfo: { VALUE: { type: oracledb.STRING } } } },
    read: readStateEntries,
  }),
  deleteAll: (t) => plain(deleteAll(t)),
  insertRows,
  upsertRows: mergeRows,
  upsertOffsets: mergeOffsets,
  upsertState: mergeState,
  upsertStateEntries: mergeStateEntries,
  deleteStateEntries,
  insertDeadLetters: mergeDeadLetters,
  classify: classifyOracleError,
};

function toExisting(r: CatalogRow): ExistingColumn {
  return {
    name: r.name,
    type: formatCatalogType(r),
    nullable: r.nullable === 'Y',
    hasDefault: r.defaultLength !== null,
  };
}
