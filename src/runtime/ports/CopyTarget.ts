import type { InsertMode } from '../../core/specs.js';
import type { Row } from '../../core/Schema.js';
import type { RoutedRows } from './Sink.js';
import type { TableReadSpec } from './TableSource.js';

/** A micro-batch of a copy: the target's rows, and the rows of each route. */
export interface CopyChunk {
  readonly rows: readonly Row[];
  readonly routed: RoutedRows;
}

/** How a batch copy ended: rows written, or nothing done (MODE IGNORE into a table with rows). */
export type CopyOutcome = { readonly kind: 'copied'; readonly rows: number } | { readonly kind: 'ignored' };

/**
 * The table an `INSERT INTO … SELECT … MODE …` writes, in one transaction of
 * its database: the mode's check, the emptying (OVERWRITE) and every row commit
 * together, or nothing does. Spark's JDBC writer SaveModes: OVERWRITE replaces
 * the contents, APPEND adds, IGNORE does nothing when the table has rows, ERROR
 * fails when it has rows.
 */
export interface CopyTarget {
  /**
   * Rows computed by k2o's operators, as many chunks as the source gives, and
   * their routes' rows (FAILED ROWS INTO, into tables of the same database, in
   * the same transaction); `onChunk` hears each chunk's target rows written.
   */
  copyRows(mode: InsertMode, chunks: AsyncIterable<CopyChunk>, onChunk: (rows: number) => void): Promise<CopyOutcome>;
  /**
   * The whole SELECT run by the target's own database (source and target in it):
   * one INSERT … SELECT, no row through k2o. `read` names the source table, the
   * columns read (written to the target's columns in order) and the conditions.
   */
  copyWithin(mode: InsertMode, read: TableReadSpec): Promise<CopyOutcome>;
  close(): Promise<void>;
}
