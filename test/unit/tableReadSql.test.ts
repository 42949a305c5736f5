import { describe, expect, it } from 'vitest';
import { compile } from '../../src/compile.js';
import { tableReadSpec } from '../../src/connectors/createBatchConnectors.js';
import { ORACLE_COPY } from '../../src/connectors/oracle/oracleCopySql.js';
import { ORACLE_READ } from '../../src/connectors/oracle/oracleReadSql.js';
import { POSTGRES_READ } from '../../src/connectors/postgres/postgresReadSql.js';
import { resolveSinkTable } from '../../src/connectors/relational/sinkTable.js';
import { tableReadSql } from '../../src/connectors/relational/tableRead.js';
import { ORACLE_IDENTIFIERS } from '../../src/connectors/oracle/oracleTypes.js';
import { sourceOf } from '../../src/plan/physical/PhysicalPlan.js';

const DECLARE = 'CREATE TABLE ledger (account STRING, amount DECIMAL(12,2), qty INT, booked DATE, at TIMESTAMP) IN ORACLE;\n';

function scanOf(select: string) {
  const q = compile(DECLARE + select).queries[0]!;
  const scan = sourceOf(q.physical);
  if (scan.kind !== 'TableSourceExec') throw new Error('not a table read');
  return { scan, plan: q.physical };
}

/** The SQL of batch reads and copies, pinned: Oracle's cannot run here, so its text is the test. */
describe('batch read SQL', () => {
  it('Oracle: columns read as k2o values, the WHERE pushed with its strings as binds', () => {
    const { scan } = scanOf(
      "SELECT account, amount, booked, at FROM ORACLE ledger WHERE account = 'x''y' AND qty BETWEEN 1 AND 5 AND upper(account) <> 'Z' INTO CONSOLE;",
    );
    expect(tableReadSql(tableReadSpec(scan), ORACLE_READ)).toEqual({
      sql: [
        `SELECT "ACCOUNT", TO_CHAR("AMOUNT", 'TM9', 'NLS_NUMERIC_CHARACTERS=''.,'''), "QTY", TO_CHAR("BOOKED", 'YYYY-MM-DD'), ` +
          `(EXTRACT(DAY FROM (CAST("AT" AS TIMESTAMP) - TIMESTAMP '1970-01-01 00:00:00')) * 86400000 + ` +
          `EXTRACT(HOUR FROM (CAST("AT" AS TIMESTAMP) - TIMESTAMP '1970-01-01 00:00:00')) * 3600000 + ` +
          `EXTRACT(MINUTE FROM (CAST("AT" AS TIMESTAMP) - TIMESTAMP '1970-01-01 00:00:00')) * 60000 + ` +
          `FLOOR(EXTRACT(SECOND FROM (CAST("AT" AS TIMESTAMP) - TIMESTAMP '1970-01-01 00:00:00')) * 1000))`,
        'FROM "LEDGER"',
        `WHERE (("ACCOUNT") = (:1)) AND (("QTY") BETWEEN (1) AND (5))`,
      ].join('\n'),
      binds: ["x'y"],
    });
  });

  it('PostgreSQL: the same read, names folded to lower case, binds numbered $n', () => {
    const { scan } = scanOf("SELECT account, qty FROM ORACLE ledger WHERE account IN ('a', 'b') OR qty > 2.5 INTO CONSOLE;");
    expect(tableReadSql(tableReadSpec(scan), POSTGRES_READ)).toEqual({
      sql: `SELECT "account", "qty"\nFROM "ledger"\nWHERE ((("account") IN (($1), ($2))) OR (("qty") > (2.5)))`,
      binds: ['a', 'b'],
    });
  });

  it('what the databases would compute differently stays in the operators', () => {
    const { scan } = scanOf(
      "SELECT account FROM ORACLE ledger WHERE account > 'm' AND account LIKE 'a\\\\%' AND account <> '' INTO CONSOLE;",
    );
    expect(scan.where).toEqual([]);
  });

  it('Oracle copy inside the database: one INSERT … SELECT of the raw columns, and the lock that holds writers off', () => {
    const { plan, scan } = scanOf(
      "INSERT INTO ORACLE ledger_eu SELECT account, amount FROM ORACLE ledger WHERE account = 'eu' MODE OVERWRITE;",
    );
    const t = resolveSinkTable({ table: 'ledger_eu', schema: plan.schema, mode: 'append', key: [], queryId: 'q' }, ORACLE_IDENTIFIERS);
    expect(ORACLE_COPY.insertSelect(t, { ...tableReadSpec(scan), columns: scan.schema })).toEqual({
      sql: `INSERT INTO "LEDGER_EU" ("ACCOUNT", "AMOUNT")\nSELECT "ACCOUNT", "AMOUNT"\nFROM "LEDGER"\nWHERE (("ACCOUNT") = (:1))`,
      binds: ['eu'],
    });
    expect(ORACLE_COPY.lockTable(t)).toEqual({ sql: 'LOCK TABLE "LEDGER_EU" IN EXCLUSIVE MODE', binds: [] });
  });
});
