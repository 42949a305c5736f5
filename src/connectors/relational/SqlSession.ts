/** A row the server refused: its index in the statement's rows and the server's error. */
export interface RowRefusal {
  readonly index: number;
  readonly error: Error;
}

/**
 * One database connection as TransactionalSink drives it: the driver adapter of a
 * relational sink. `Statement` and `Bulk` are the dialect's statement shapes, so a
 * session runs exactly what its dialect builds.
 */
export interface SqlSession<Statement, Bulk> {
  /** Runs one statement; the rows it returned, each in the shape the statement asked the driver for. */
  execute(statement: Statement): Promise<readonly unknown[]>;
  /** Runs a statement that carries many rows in one round trip (the driver's bulk path). */
  executeBulk(statement: Bulk): Promise<void>;
  /**
   * Runs a statement carrying rows where the driver can refuse single rows and
   * go on (Oracle's batchErrors): the refused rows, by their index in the
   * statement, and the others written in the transaction. Absent where one bad
   * row fails the statement; TransactionalSink then finds it with savepoints.
   */
  executeRows?(statement: Bulk): Promise<readonly RowRefusal[]>;
  /** Starts the batch's transaction (a no-op where the first statement starts one). */
  begin(): Promise<void>;
  commit(): Promise<void>;
  rollback(): Promise<void>;
  /** Hands a healthy connection back for the next batch. */
  release(): Promise<void>;
  /** Throws away a connection that saw an error, rather than reuse one in an unknown state; never throws. */
  discard(): Promise<void>;
}

/**
 * Where a sink gets its sessions: a pool of one connection, whose worth is
 * replacing it after a failure. The sink's seam for faults: a test wraps the
 * real sessions to make one step fail.
 */
export interface SqlSessions<Statement, Bulk> {
  /** Prepares the pool; called by every open() of the sink, so a second call keeps the first pool. */
  open(): Promise<void>;
  /** A connection for one unit of work; connection failures name the database and the (masked) URL. */
  acquire(): Promise<SqlSession<Statement, Bulk>>;
  close(): Promise<void>;
}
