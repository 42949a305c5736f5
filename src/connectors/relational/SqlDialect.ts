import type { Row } from '../../core/Schema.js';
import type { DeadLetterRow, SourceOffset } from '../../runtime/ports/Sink.js';
import type { StateEntry, StateEntryKey } from '../../runtime/ports/StateEntries.js';
import type { DeclaredTableSql } from './DeclaredTableSql.js';
import type { ErrorClass } from './errorClass.js';
import type { IdentifierRules, SinkTable, TableRef } from './sinkTable.js';
import type { ExistingColumn, TypeMapping, WrittenColumn } from './tableCheck.js';
import type { UniqueIndex } from './uniqueKeyCheck.js';

/** A statement whose rows the sink reads, and how its rows (as the session returns them) become a value. */
export interface SqlRead<Statement, T> {
  readonly statement: Statement;
  readonly read: (rows: readonly unknown[]) => T;
}

/**
 * What one database says to TransactionalSink: its names, types and statements.
 * Pure: it builds statements and reads rows, and never touches a connection.
 * `Statement` is what SqlSession.execute runs, `Bulk` what executeBulk runs.
 */
export interface SqlDialect<Statement, Bulk> {
  /** Folding and length of unquoted names; its `database` names the database in messages. */
  readonly identifiers: IdentifierRules;
  /** Query types as column types, for CREATE TABLE and for checking a table that exists. */
  readonly types: TypeMapping;
  /** The table as the SQL names it, for messages. */
  tableName(t: TableRef): string;

  /** DDL that creates each table when absent and leaves one that exists. */
  createTable(t: SinkTable): Statement;
  createOffsetsTable(t: SinkTable): Statement;
  createStateTable(t: SinkTable): Statement;
  createStateEntriesTable(t: SinkTable): Statement;
  createDeadLettersTable(t: SinkTable): Statement;
  /**
   * A lock of the session, taken around creating tables where two sessions
   * creating the same absent table at once can fail (PostgreSQL's CREATE TABLE
   * IF NOT EXISTS is not safe against a concurrent one: two queries of one file
   * on a new database). Absent where the DDL settles the race itself.
   */
  readonly createLock?: { readonly take: Statement; readonly release: Statement };
  /** The columns of an existing table (none when it does not exist). */
  describeTable(t: TableRef): SqlRead<Statement, ExistingColumn[]>;
  /**
   * The column lists of the table's unique keys, where the dialect's upserts need
   * one on exactly the key columns (ON CONFLICT); absent where they do not (MERGE).
   */
  uniqueKeys?(t: TableRef): SqlRead<Statement, UniqueIndex[]>;
  /** The dead-letter table's columns, as created and as checked when it exists. */
  readonly deadLetterColumns: readonly WrittenColumn[];
  /** The columns that identify a stored dead letter. */
  readonly deadLetterKey: readonly string[];

  /** The query's stored offsets; `forUpdate` locks them for the rest of the transaction. */
  selectOffsets(t: SinkTable, queryId: string, opts: { forUpdate: boolean }): SqlRead<Statement, SourceOffset[]>;
  /** The query's state header (watermark, stateful operators), as stored in the state table. */
  selectState(t: SinkTable, queryId: string): SqlRead<Statement, string | undefined>;
  /** Every entry of the query's operator state, in any order. */
  selectStateEntries(t: SinkTable, queryId: string): SqlRead<Statement, StateEntry[]>;
  /** COMPLETE mode: empties the table inside the batch's transaction. */
  deleteAll(t: SinkTable): Statement;
  /** APPEND and COMPLETE modes. */
  insertRows(t: SinkTable, rows: readonly Row[]): Bulk;
  /**
   * The database's bulk load for insertRows' rows, where it has a faster one
   * (PostgreSQL's COPY): `allowed` reads once whether the table takes it as it
   * takes the insert; `rows` builds it, or is undefined where a value needs
   * insertRows to meet its fate. A refused row makes the sink run insertRows.
   */
  readonly bulkLoad?: {
    allowed(t: TableRef): SqlRead<Statement, boolean>;
    rows(t: SinkTable, rows: readonly Row[]): Bulk | undefined;
  };
  /** UPDATE mode: replaces rows by key, the last row of a key in the batch winning. */
  upsertRows(t: SinkTable, rows: readonly Row[]): Bulk;
  upsertOffsets(t: SinkTable, queryId: string, offsets: readonly SourceOffset[]): Bulk;
  upsertState(t: SinkTable, queryId: string, state: string): Statement;
  /** Writes entries of the query's operator state, replacing those stored under the same keys. */
  upsertStateEntries(t: SinkTable, queryId: string, entries: readonly StateEntry[]): Bulk;
  deleteStateEntries(t: SinkTable, queryId: string, keys: readonly StateEntryKey[]): Bulk;
  /** Stores the batch's dead letters, leaving one already stored for the query. */
  insertDeadLetters(t: SinkTable, queryId: string, deadLetters: readonly DeadLetterRow[]): Bulk;

  /** CREATE TABLE of a file, run before its queries. */
  readonly declaredTables: DeclaredTableSql<Statement>;

  /**
   * Savepoint statements, where a session has no executeRows: a batch with a
   * refused row is split inside its transaction, rolling back to the savepoint,
   * until the refused rows are alone.
   */
  readonly savepoint?: { readonly set: Statement; readonly rollback: Statement; readonly release: Statement };

  /**
   * Takes the query's lease for the life of the session that runs it, if free,
   * and reads whether the session holds it (QueryLease). Absent: a dialect
   * without a lease runs every process of a query as an active one, and the
   * offsets fence alone keeps the table exact.
   */
  tryLease?(t: SinkTable, queryId: string): SqlRead<Statement, boolean>;

  /**
   * Whether retrying can help after this driver error (transient), or whether the
   * server refused a row (row) or the statement itself (statement). Any but
   * transient marks the error `retriable: false`, so the runtime's retry stops at once.
   */
  classify(err: unknown): ErrorClass;
}
