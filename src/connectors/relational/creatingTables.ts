import type { SqlDialect } from './SqlDialect.js';
import type { SqlSession } from './SqlSession.js';

/**
 * Runs `work`, which creates tables, holding the dialect's create lock. On a
 * failure the caller discards the session, and the lock ends with it.
 */
export async function creatingTables<Statement, Bulk, T>(
  session: SqlSession<Statement, Bulk>,
  dialect: SqlDialect<Statement, Bulk>,
  work: () => Promise<T>,
): Promise<T> {
  const lock = dialect.createLock;
  if (lock === undefined) return work();
  await session.execute(lock.take);
  const result = await work();
  await session.execute(lock.release);
  return result;
}
