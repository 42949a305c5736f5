import { classifyChain, NETWORK_ERROR_CODES, type ErrorClass } from '../relational/errorClass.js';

/**
 * SQLSTATEs (PostgreSQL appendix A) of a server that is away or busy: 08* connection
 * exceptions; serialization failure, deadlock; too many connections; lock not
 * available (lock_timeout); admin, crash and cannot-connect-now shutdowns.
 */
const TRANSIENT_SQLSTATES = new Set(['40001', '40P01', '53300', '55P03', '57P01', '57P02', '57P03']);

/** What to do about a statement-level SQLSTATE, where there is more to say than the server's message. */
const STATEMENT_FIXES: Readonly<Record<string, string>> = {
  '42P01': 'the table was dropped or renamed while the query ran: restart the query so that k2o creates it, or correct the name after INTO',
  '42703': 'the table lacks a column the query writes: add the column, or write into a new table that k2o creates',
  '42501': "grant k2o's database user SELECT, INSERT, UPDATE and DELETE on the table",
  '42804': "a column's type does not hold what the query writes: alter the column, or CAST in the query",
};

/** A pg error (or one k2o wrapped around it) as transient, row-level or statement-level. */
export function classifyPostgresError(err: unknown): ErrorClass {
  return classifyChain(err, classifyOne);
}

function classifyOne(err: unknown): ErrorClass | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const { code, message } = err as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && NETWORK_ERROR_CODES.has(code)) return { kind: 'transient', code };
  // pg's DatabaseError carries the SQLSTATE as its code.
  if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) {
    if (code.startsWith('08') || TRANSIENT_SQLSTATES.has(code)) return { kind: 'transient', code };
    if (code.startsWith('22') || code.startsWith('23')) return { kind: 'row', code };
    if (code.startsWith('42')) return { kind: 'statement', code, fix: STATEMENT_FIXES[code] ?? 'correct the table or the query' };
    return { kind: 'transient', code };
  }
  // pg's own errors for a connection the server closed have no code.
  if (typeof message === 'string' && /^Connection terminated/.test(message)) return { kind: 'transient' };
  return undefined;
}
