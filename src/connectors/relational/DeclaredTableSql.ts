import type { SqlType } from '../../core/SqlType.js';
import type { TableRef } from './sinkTable.js';

/** A column of CREATE TABLE, its name folded. */
export interface DeclaredColumn {
  readonly name: string;
  readonly type: SqlType;
  /** The database's own type as the declaration wrote it (`VARCHAR2(50)`); absent for a k2o type name. */
  readonly ddl?: string;
  readonly nullable: boolean;
}

/**
 * What one database says about a table a file declares with CREATE TABLE: the
 * DDL that creates it, how its catalog spells a declared type, and the ALTER
 * statements that would make an existing table what the declaration says.
 * Pure, like the rest of the dialect.
 */
export interface DeclaredTableSql<Statement> {
  /** Creates the table when absent, leaves one that exists. */
  create(t: TableRef, columns: readonly DeclaredColumn[], key: readonly string[]): Statement;
  /** The column's type in DDL: its own spelling, or the one k2o creates a column of its type with. */
  ddlType(c: DeclaredColumn, inKey: boolean): string;
  /** A native type's spelling in the catalog (what describeTable returns), to compare an existing column with. */
  catalogType(ddl: string): string;
  addColumn(t: TableRef, column: string, ddl: string): string;
  alterType(t: TableRef, column: string, ddl: string): string;
  setNullable(t: TableRef, column: string, nullable: boolean): string;
}
