import type { SqlSession, SqlSessions } from '../../src/connectors/relational/SqlSession.js';

/**
 * The real sessions of a database, each with a commit that fails in place of the
 * real one, after the batch's statements ran on the real connection: the fault
 * the sink conformance suite injects.
 */
export function failingCommit<Statement, Bulk>(sessions: SqlSessions<Statement, Bulk>): SqlSessions<Statement, Bulk> {
  return {
    open: () => sessions.open(),
    close: () => sessions.close(),
    async acquire(): Promise<SqlSession<Statement, Bulk>> {
      const real = await sessions.acquire();
      return {
        execute: (statement) => real.execute(statement),
        executeBulk: (statement) => real.executeBulk(statement),
        begin: () => real.begin(),
        commit: () => Promise.reject(new Error('injected failure before commit')),
        rollback: () => real.rollback(),
        release: () => real.release(),
        discard: () => real.discard(),
      };
    },
  };
}
