import oracledb from 'oracledb';
import { connectionError } from '../connectionError.js';
import type { RowRefusal, SqlSession, SqlSessions } from '../relational/SqlSession.js';
import type { OracleBatch, OracleQuery } from './oracleSql.js';
import { parseOracleUrl, type OracleConnectParams } from './oracleUrl.js';

/** What an Oracle session runs with connection.execute: the statement, its binds and how to fetch its rows. */
export interface OracleStatement extends OracleQuery {
  readonly options?: oracledb.ExecuteOptions;
}

/**
 * Oracle Database connections through node-oracledb in thin mode (pure
 * JavaScript: no Instant Client, so initOracleClient is never called).
 */
export class OracleSessions implements SqlSessions<OracleStatement, OracleBatch> {
  private readonly connectParams: OracleConnectParams;
  // One connection is all a sink uses; the pool's worth is replacing it after a failure.
  private pool: oracledb.Pool | undefined;

  constructor(private readonly url: string) {
    this.connectParams = parseOracleUrl(url);
  }

  async open(): Promise<void> {
    this.pool ??= await oracledb.createPool({ ...this.connectParams, poolMin: 0, poolMax: 1, poolIncrement: 1 });
  }

  async acquire(): Promise<SqlSession<OracleStatement, OracleBatch>> {
    if (this.pool === undefined) throw new Error('OracleSink: open() must be called before use');
    try {
      return new OracleSession(await this.pool.getConnection());
    } catch (err) {
      throw connectionError('Oracle', this.url, err);
    }
  }

  async close(): Promise<void> {
    await this.pool?.close(10);
    this.pool = undefined;
  }
}

export class OracleSession implements SqlSession<OracleStatement, OracleBatch> {
  constructor(private readonly conn: oracledb.Connection) {}

  async execute(statement: OracleStatement): Promise<readonly unknown[]> {
    const result = await this.conn.execute<unknown>(statement.sql, statement.binds, statement.options ?? {});
    return result.rows ?? [];
  }

  /** One array DML call: executeMany with fixed bind definitions, inside the batch's transaction. */
  async executeBulk(batch: OracleBatch): Promise<void> {
    await this.conn.executeMany(batch.sql, batch.binds, {
      bindDefs: batch.bindDefs,
      autoCommit: false,
      batchErrors: false,
    });
  }

  /** batchErrors: Oracle skips a refused row, writes the others and reports each refusal by its index. */
  async executeRows(batch: OracleBatch): Promise<readonly RowRefusal[]> {
    const result = await this.conn.executeMany(batch.sql, batch.binds, {
      bindDefs: batch.bindDefs,
      autoCommit: false,
      batchErrors: true,
    });
    return (result.batchErrors ?? []).map((e) => {
      if (e.offset === undefined) throw e;
      return { index: e.offset, error: e };
    });
  }

  /** Oracle starts a transaction with the first statement that needs one. */
  async begin(): Promise<void> {}

  async commit(): Promise<void> {
    await this.conn.commit();
  }

  async rollback(): Promise<void> {
    await this.conn.rollback();
  }

  async release(): Promise<void> {
    await this.conn.close();
  }

  async discard(): Promise<void> {
    await this.conn.close({ drop: true }).catch(() => {});
  }
}
