import { describe, expect, it } from 'vitest';
import { connectionError } from '../../src/connectors/connectionError.js';
import { classifyOracleError } from '../../src/connectors/oracle/oracleErrors.js';
import { classifyPostgresError } from '../../src/connectors/postgres/postgresErrors.js';
import type { ErrorKind } from '../../src/connectors/relational/errorClass.js';

/** A pg DatabaseError as far as classification reads it: its SQLSTATE. */
const pgError = (code: string) => Object.assign(new Error(`server said ${code}`), { code });
/** A node-oracledb error: the code leads its message and is its `code`. */
const oraError = (code: string) => Object.assign(new Error(`${code}: server said`), { code });

// Issue 12, "Error classification": every code named there, and what it is.
const POSTGRES: readonly [string, ErrorKind][] = [
  ['08000', 'transient'],
  ['08001', 'transient'],
  ['08003', 'transient'],
  ['08006', 'transient'],
  ['08P01', 'transient'],
  ['40001', 'transient'],
  ['40P01', 'transient'],
  ['53300', 'transient'],
  ['55P03', 'transient'],
  ['57P01', 'transient'],
  ['57P02', 'transient'],
  ['57P03', 'transient'],
  ['22001', 'row'],
  ['22003', 'row'],
  ['22007', 'row'],
  ['22008', 'row'],
  ['22P02', 'row'],
  ['22021', 'row'],
  ['23502', 'row'],
  ['23503', 'row'],
  ['23505', 'row'],
  ['23514', 'row'],
  ['42P01', 'statement'],
  ['42703', 'statement'],
  ['42501', 'statement'],
  ['42804', 'statement'],
  ['42601', 'statement'],
  // Unknown to the table: retried, as every error was before classification.
  ['XX000', 'transient'],
  ['53200', 'transient'],
];

const ORACLE: readonly [string, ErrorKind][] = [
  ['ORA-03113', 'transient'],
  ['ORA-03114', 'transient'],
  ['ORA-03135', 'transient'],
  ['ORA-12170', 'transient'],
  ['ORA-12514', 'transient'],
  ['ORA-12541', 'transient'],
  ['ORA-12543', 'transient'],
  ['ORA-00060', 'transient'],
  ['ORA-08177', 'transient'],
  ['ORA-25408', 'transient'],
  ['DPY-4011', 'transient'],
  ['NJS-500', 'transient'],
  ['NJS-503', 'transient'],
  ['ORA-00001', 'row'],
  ['ORA-01400', 'row'],
  ['ORA-01438', 'row'],
  ['ORA-01722', 'row'],
  ['ORA-02290', 'row'],
  ['ORA-02291', 'row'],
  ['ORA-12899', 'row'],
  ['ORA-01461', 'row'],
  ['ORA-01841', 'row'],
  ['ORA-01847', 'row'],
  ['ORA-00942', 'statement'],
  ['ORA-00904', 'statement'],
  ['ORA-01031', 'statement'],
  ['ORA-00600', 'transient'],
];

describe('error classification', () => {
  it.each(POSTGRES)('PostgreSQL SQLSTATE %s is %s', (code, kind) => {
    expect(classifyPostgresError(pgError(code))).toMatchObject({ kind, code });
  });

  it.each(ORACLE)('Oracle %s is %s', (code, kind) => {
    expect(classifyOracleError(oraError(code))).toMatchObject({ kind, code });
    // node-oracledb's message alone says it too.
    expect(classifyOracleError(new Error(`${code}: server said`)).kind).toBe(kind);
  });

  it('a network that fails under either driver, or a connection pg saw end, is transient', () => {
    for (const code of ['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT']) {
      const err = Object.assign(new Error(`connect ${code}`), { code });
      expect(classifyPostgresError(err).kind).toBe('transient');
      expect(classifyOracleError(err).kind).toBe('transient');
    }
    expect(classifyPostgresError(new Error('Connection terminated unexpectedly')).kind).toBe('transient');
    expect(classifyPostgresError(new Error('Connection terminated')).kind).toBe('transient');
  });

  it("classifies the driver's error inside k2o's connection message", () => {
    const wrapped = connectionError('PostgreSQL', 'postgres://k2o:secret@db/k2o', pgError('42501'));
    expect(classifyPostgresError(wrapped)).toMatchObject({ kind: 'statement', code: '42501' });
    expect(classifyOracleError(connectionError('Oracle', 'oracle://db/x', oraError('ORA-12541'))).kind).toBe('transient');
  });

  it('a statement-level error carries the fix to print', () => {
    expect(classifyPostgresError(pgError('42703')).fix).toMatch(/add the column/);
    expect(classifyPostgresError(pgError('42501')).fix).toMatch(/grant/);
    expect(classifyOracleError(oraError('ORA-00942')).fix).toMatch(/restart the query so that k2o creates it/);
  });
});
