import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { connectionError } from '../connectionError.js';
import type { SqlSession, SqlSessions } from '../relational/SqlSession.js';
import type { PgCopy, PgQuery } from './postgresSql.js';

/** What a PostgreSQL session runs: plain text, or text with parameters. */
export type PgStatement = string | PgQuery;
/** What carries a batch's rows: an unnest statement, or a COPY and its data. */
export type PgBulk = PgQuery | PgCopy;

/** PostgreSQL connections through `pg`: one pooled client at a time. */
export class PostgresSessions implements SqlSessions<PgStatement, PgBulk> {
  // One connection is all a sink uses; the pool's worth is replacing it after a failure.
  private readonly pool: pg.Pool;

  constructor(private readonly url: string) {
    this.pool = new pg.Pool({ connectionString: url, max: 1 });
    // An idle connection dropped by the server must not crash the process; the
    // next batch gets a fresh connection or reports the outage itself.
    this.pool.on('error', () => {});
  }

  /** The pool connects on first use. */
  async open(): Promise<void> {}

  async acquire(): Promise<SqlSession<PgStatement, PgBulk>> {
    try {
      return new PostgresSession(await this.pool.connect());
    } catch (err) {
      throw connectionError('PostgreSQL', this.url, err);
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

/**
 * A checked-out client. pg emits 'error' on a client whose server goes away
 * between queries, and an 'error' event without a listener ends the process:
 * while checked out (the pool listens only to idle clients) the session listens,
 * and the next statement on the dead connection fails as a transient error.
 */
class PostgresSession implements SqlSession<PgStatement, PgBulk> {
  private readonly onError = (): void => {};

  constructor(private readonly client: pg.PoolClient) {
    client.on('error', this.onError);
  }

  async execute(statement: PgStatement): Promise<readonly unknown[]> {
    return (await this.client.query(statement)).rows;
  }

  /** An unnest statement carries the whole batch in one parameter per column; a COPY streams its data. */
  async executeBulk(statement: PgBulk): Promise<void> {
    if ('copy' in statement) await pipeline(Readable.from(statement.data), this.client.query(copyFrom(statement.copy)));
    else await this.client.query(statement);
  }

  async begin(): Promise<void> {
    await this.client.query('BEGIN');
  }

  async commit(): Promise<void> {
    await this.client.query('COMMIT');
  }

  async rollback(): Promise<void> {
    await this.client.query('ROLLBACK');
  }

  async release(): Promise<void> {
    this.client.off('error', this.onError);
    this.client.release();
  }

  /** The listener stays: a discarded client may still report its end. */
  async discard(): Promise<void> {
    this.client.release(true);
  }
}
