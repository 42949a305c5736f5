import { sleep } from '../../runtime/sleep.js';
import type { SqlRead } from './SqlDialect.js';
import type { SqlSession, SqlSessions } from './SqlSession.js';

/** How often a standby asks for the lease: the longest a take-over waits after the active process is gone. */
export const LEASE_POLL_MS = 1000;

/**
 * The lease that makes one process of a query the active one: a database lock
 * held by a connection of its own for the sink's life (PostgreSQL: a
 * session-level advisory lock). The server drops the lock the moment that
 * connection ends — a stop, a crash, `kill -9` — so a standby asking every
 * LEASE_POLL_MS takes over within about a second.
 */
export class QueryLease<Statement, Bulk> {
  private session: SqlSession<Statement, Bulk> | undefined;

  constructor(
    private readonly sessions: SqlSessions<Statement, Bulk>,
    private readonly tryLease: SqlRead<Statement, boolean>,
  ) {}

  /** True once held; false when `signal` aborted the wait first. */
  async hold(onStandby: () => void, signal?: AbortSignal): Promise<boolean> {
    let waiting = false;
    while (!signal?.aborted) {
      if (await this.tryOnce()) return true;
      if (!waiting) {
        waiting = true;
        onStandby();
      }
      await sleep(LEASE_POLL_MS, signal);
    }
    return false;
  }

  private async tryOnce(): Promise<boolean> {
    this.session ??= await this.sessions.acquire();
    try {
      return this.tryLease.read(await this.session.execute(this.tryLease.statement));
    } catch (err) {
      // A connection that failed may have lost the lock with it: ask on a new one.
      await this.session.discard();
      this.session = undefined;
      throw err;
    }
  }

  /** Ends the lease's connection, which releases the lock. */
  async close(): Promise<void> {
    // Discarded, not released: a pool waits for a checked-out connection before it closes.
    await this.session?.discard();
    this.session = undefined;
    await this.sessions.close();
  }
}
