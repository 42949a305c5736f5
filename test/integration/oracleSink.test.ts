import oracledb from 'oracledb';
import { describe } from 'vitest';
import { ORACLE_DIALECT } from '../../src/connectors/oracle/oracleDialect.js';
import { OracleSessions } from '../../src/connectors/oracle/oracleSession.js';
import { parseOracleUrl } from '../../src/connectors/oracle/oracleUrl.js';
import { TransactionalSink } from '../../src/connectors/relational/TransactionalSink.js';
import type { DeadLetterRow, SinkSpec } from '../../src/runtime/ports/Sink.js';
import type { Row, Schema } from '../../src/core/Schema.js';
import { failingCommit } from '../helpers/failingCommit.js';
import { runSinkConformance, type SinkHarness } from './sinkConformance.js';

// Oracle Database cannot be installed on the project's machines (DESIGN §4): this
// suite runs wherever K2O_ORACLE_URL points at one, e.g. a gvenzl/oracle-free container:
//   K2O_ORACLE_URL=oracle://k2o:k2o@127.0.0.1:1521/FREEPDB1
const url = process.env.K2O_ORACLE_URL;

/** Each column as SQL that yields the Row representation, plus the JS step left over. */
function readBack(name: string, kind: string): { sql: string; convert: (v: unknown) => unknown } {
  const col = `"${name}"`;
  const same = (v: unknown): unknown => v;
  switch (kind) {
    case 'TIMESTAMP':
      return {
        sql: `TO_CHAR(${col}, 'YYYY-MM-DD"T"HH24:MI:SS.FF3')`,
        convert: (v) => (typeof v === 'string' ? Date.parse(`${v}Z`) : v),
      };
    case 'DATE':
      return { sql: `TO_CHAR(${col}, 'YYYY-MM-DD')`, convert: same };
    case 'INTERVAL':
      return {
        sql: `EXTRACT(DAY FROM ${col}) * 86400000 + EXTRACT(HOUR FROM ${col}) * 3600000 + EXTRACT(MINUTE FROM ${col}) * 60000 + EXTRACT(SECOND FROM ${col}) * 1000`,
        convert: same,
      };
    case 'BOOLEAN':
      return { sql: col, convert: (v) => (v === null ? null : v === 1) };
    default:
      return { sql: col, convert: same };
  }
}

async function oracleHarness(oracleUrl: string): Promise<SinkHarness> {
  const conn = await oracledb.getConnection(parseOracleUrl(oracleUrl));
  return {
    makeSink: (spec: SinkSpec, options) => {
      const sessions = new OracleSessions(oracleUrl);
      return new TransactionalSink(spec, ORACLE_DIALECT, options?.failBeforeCommit ? failingCommit(sessions) : sessions);
    },
    async readTable(table: string, schema: Schema): Promise<Row[]> {
      const columns = schema.map((c) => readBack(c.name.toUpperCase(), c.type.kind));
      const result = await conn.execute<unknown[]>(`SELECT ${columns.map((c) => c.sql).join(', ')} FROM "${table.toUpperCase()}"`);
      return (result.rows ?? []).map((row) => row.map((v, i) => columns[i]?.convert(v)));
    },
    async readDeadLetters(queryId: string, table = 'K2O_DEAD_LETTERS'): Promise<DeadLetterRow[]> {
      const result = await conn.execute<[string, number, string, string, string | null, string | null, string]>(
        [
          `SELECT "TOPIC", "PARTITION", TO_CHAR("RECORD_OFFSET"), TO_CHAR("RECORD_TIMESTAMP", 'YYYY-MM-DD"T"HH24:MI:SS.FF3'),`,
          '  "RECORD_KEY", "RECORD_VALUE", "REASON"',
          `FROM "${table.toUpperCase()}" WHERE "QUERY_ID" = :1 AND "FAILED_AT" > SYS_EXTRACT_UTC(SYSTIMESTAMP) - INTERVAL '1' HOUR`,
          'ORDER BY "TOPIC", "PARTITION", "RECORD_OFFSET"',
        ].join('\n'),
        [queryId],
        { fetchInfo: { RECORD_KEY: { type: oracledb.STRING }, RECORD_VALUE: { type: oracledb.STRING } } },
      );
      return (result.rows ?? []).map(([topic, partition, offset, timestamp, key, value, reason]) => ({
        topic,
        partition,
        offset,
        timestamp: Date.parse(`${timestamp}Z`),
        key,
        value,
        reason,
      }));
    },
    emptyStringIsNull: true,
    async dropTable(table: string, queryId: string): Promise<void> {
      await conn.execute(`DROP TABLE "${table.toUpperCase()}" PURGE`).catch(() => {});
      await conn.execute('DELETE FROM "K2O_OFFSETS" WHERE "QUERY_ID" LIKE :1', [`${queryId}%`], { autoCommit: true });
      await conn.execute('DELETE FROM "K2O_STATE" WHERE "QUERY_ID" LIKE :1', [`${queryId}%`], { autoCommit: true }).catch(() => {});
      await conn.execute('DELETE FROM "K2O_DEAD_LETTERS" WHERE "QUERY_ID" LIKE :1', [`${queryId}%`], { autoCommit: true }).catch(() => {});
    },
    close: () => conn.close(),
  };
}

// Without an Oracle the suite is reported as skipped, its reason in its name, never as a pass.
const suite = url
  ? 'TransactionalSink on a real Oracle Database'
  : 'TransactionalSink on a real Oracle Database (skipped: K2O_ORACLE_URL not set — no Oracle Database on this machine)';
describe.skipIf(!url)(suite, () => {
  runSinkConformance('TransactionalSink on Oracle', () => oracleHarness(url ?? ''));
});
