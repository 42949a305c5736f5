import { classifyChain, NETWORK_ERROR_CODES, type ErrorClass } from '../relational/errorClass.js';

/**
 * Oracle and node-oracledb codes of a server that is away or busy: end-of-file on
 * the channel, not connected, lost contact, connect timeout, unknown service, no
 * listener, connection lost during connect; deadlock; serialization failure;
 * failover; DPY-4011 and NJS-500/503, the thin and thick modes' connection closed.
 */
const TRANSIENT = new Set([
  'ORA-03113',
  'ORA-03114',
  'ORA-03135',
  'ORA-12170',
  'ORA-12514',
  'ORA-12541',
  'ORA-12543',
  'ORA-00060',
  'ORA-08177',
  'ORA-25408',
  'DPY-4011',
  'NJS-500',
  'NJS-503',
]);

/**
 * A row's values refused: unique constraint, NULL into NOT NULL, value larger than
 * the precision, invalid number, check constraint, parent key not found, value too
 * large for the column, LONG value, invalid and unparsable dates.
 */
const ROW = new Set([
  'ORA-00001',
  'ORA-01400',
  'ORA-01438',
  'ORA-01722',
  'ORA-02290',
  'ORA-02291',
  'ORA-12899',
  'ORA-01461',
  'ORA-01841',
  'ORA-01847',
]);

/** The statement cannot run: table or view does not exist, invalid identifier (a missing column), insufficient privileges. */
const STATEMENT_FIXES: Readonly<Record<string, string>> = {
  'ORA-00942':
    'the table was dropped or renamed while the query ran: restart the query so that k2o creates it, or correct the name after INTO',
  'ORA-00904': 'the table lacks a column the query writes: add the column, or write into a new table that k2o creates',
  'ORA-01031': "grant k2o's database user SELECT, INSERT, UPDATE and DELETE on the table",
};

/** A node-oracledb error (or one k2o wrapped around it) as transient, row-level or statement-level. */
export function classifyOracleError(err: unknown): ErrorClass {
  return classifyChain(err, classifyOne);
}

/** node-oracledb's code (`ORA-00001`, `DPY-4011`, `NJS-500`), or the one its message starts with. */
export function oracleCode(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const { code, message } = err as { code?: unknown; message?: unknown };
  for (const text of [code, message]) {
    const m = typeof text === 'string' ? /^(ORA|DPY|NJS)-\d+/.exec(text) : null;
    if (m) return m[0];
  }
  return undefined;
}

function classifyOne(err: unknown): ErrorClass | undefined {
  const code = oracleCode(err);
  if (code === undefined) {
    const node = (err as { code?: unknown } | null)?.code;
    return typeof node === 'string' && NETWORK_ERROR_CODES.has(node) ? { kind: 'transient', code: node } : undefined;
  }
  if (TRANSIENT.has(code)) return { kind: 'transient', code };
  if (ROW.has(code)) return { kind: 'row', code };
  const fix = STATEMENT_FIXES[code];
  if (fix !== undefined) return { kind: 'statement', code, fix };
  return { kind: 'transient', code };
}
