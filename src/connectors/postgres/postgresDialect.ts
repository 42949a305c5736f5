import type { SourceOffset } from '../../runtime/ports/Sink.js';
import type { SqlDialect } from '../relational/SqlDialect.js';
import type { ExistingColumn } from '../relational/tableCheck.js';
import type { UniqueIndex } from '../relational/uniqueKeyCheck.js';
import { classifyPostgresError } from './postgresErrors.js';
import type { PgBulk, PgStatement } from './postgresSession.js';
import {
  addColumn,
  alterType,
  catalogType,
  copyRows,
  copyTarget,
  createDeclaredTable,
  declaredType,
  setNullable,
  CREATE_LOCK,
  createDeadLettersTable,
  createOffsetsTable,
  createStateTable,
  createTable,
  DEAD_LETTER_COLUMNS,
  DEAD_LETTER_KEY,
  deleteAll,
  describeTable,
  insertDeadLetters,
  insertRows,
  selectOffsets,
  selectState,
  tableName,
  tryLease,
  uniqueIndexes,
  upsertOffsets,
  upsertRows,
  upsertState,
} from './postgresSql.js';
import {
  createStateEntriesTable,
  deleteStateEntries,
  readStateEntries,
  selectStateEntries,
  upsertStateEntries,
} from './postgresStateSql.js';
import { POSTGRES_IDENTIFIERS, POSTGRES_TYPES } from './postgresTypes.js';

/** PostgreSQL for TransactionalSink: postgresSql's statements, whose rows `pg` returns as objects named by the SQL's aliases. */
export const POSTGRES_DIALECT: SqlDialect<PgStatement, PgBulk> = {
  identifiers: POSTGRES_IDENTIFIERS,
  types: POSTGRES_TYPES,
  tableName,
  createTable,
  createOffsetsTable,
  createStateTable,
  createStateEntriesTable,
  createDeadLettersTable,
  createLock: CREATE_LOCK,
  describeTable: (t) => ({ statement: describeTable(t), read: (rows) => rows as ExistingColumn[] }),
  uniqueKeys: (t) => ({ statement: uniqueIndexes(t), read: (rows) => rows as UniqueIndex[] }),
  declaredTables: {
    create: createDeclaredTable,
    ddlType: (c) => declaredType(c),
    catalogType: catalogType,
    addColumn: addColumn,
    alterType: alterType,
    setNullable: setNullable,
  },
  deadLetterColumns: DEAD_LETTER_COLUMNS,
  deadLetterKey: DEAD_LETTER_KEY,
  selectOffsets: (t, queryId, opts) => ({
    statement: selectOffsets(t, queryId, opts),
    read: (rows) => (rows as SourceOffset[]).map((r) => ({ topic: r.topic, partition: r.partition, offset: r.offset })),
  }),
  selectState: (t, queryId) => ({ statement: selectState(t, queryId), read: (rows) => (rows as { state: string }[])[0]?.state }),
  selectStateEntries: (t, queryId) => ({ statement: selectStateEntries(t, queryId), read: readStateEntries }),
  deleteAll,
  insertRows,
  bulkLoad: {
    allowed: (t) => ({ statement: copyTarget(t), read: (rows) => (rows as { copy: boolean }[])[0]?.copy === true }),
    rows: copyRows,
  },
  upsertRows,
  upsertOffsets,
  upsertState,
  upsertStateEntries,
  deleteStateEntries,
  insertDeadLetters,
  savepoint: { set: 'SAVEPOINT k2o_rows', rollback: 'ROLLBACK TO SAVEPOINT k2o_rows', release: 'RELEASE SAVEPOINT k2o_rows' },
  tryLease: (t, queryId) => ({ statement: tryLease(t, queryId), read: (rows) => (rows as { held: boolean }[])[0]?.held === true }),
  classify: classifyPostgresError,
};
