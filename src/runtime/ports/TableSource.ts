import type { BoundExpr } from '../../core/BoundExpr.js';
import type { Column, Row } from '../../core/Schema.js';

/** What a batch read asks of a table: the columns, in order, and the conditions the database checks (tablePushdown.ts). */
export interface TableReadSpec {
  /** As written in FROM: `t` or `schema.t`. */
  readonly table: string;
  readonly columns: readonly Column[];
  readonly where: readonly BoundExpr[];
}

/**
 * A table read once, front to back (a batch query): the runtime pulls rows a
 * micro-batch at a time, and the source holds no more than one batch of them.
 */
export interface TableSource {
  /** Connects and starts the read. */
  open(): Promise<void>;
  /** Up to `maxRows` next rows, in the read's columns; empty once the table is read to its end. */
  next(maxRows: number): Promise<Row[]>;
  /** Ends the read (also before its end) and lets the connection go; never throws. */
  close(): Promise<void>;
}
