import { describe, expect, it } from 'vitest';
import { compile } from '../../src/compile.js';
import { createTable, ignoringExisting, insertRows } from '../../src/connectors/oracle/oracleSql.js';
import { ORACLE_IDENTIFIERS } from '../../src/connectors/oracle/oracleTypes.js';
import * as pgSql from '../../src/connectors/postgres/postgresSql.js';
import { POSTGRES_IDENTIFIERS } from '../../src/connectors/postgres/postgresTypes.js';
import { resolveRouteTables } from '../../src/connectors/relational/routeTables.js';
import { resolveSinkTable, type IdentifierRules } from '../../src/connectors/relational/sinkTable.js';
import { routeSchemas } from '../../src/plan/physical/routeSchemas.js';
import type { SinkSpec } from '../../src/runtime/ports/Sink.js';
import { expectGolden } from '../helpers/golden.js';

const TEXT = `
CREATE STREAM orders (id STRING NOT NULL, amount DOUBLE, ts TIMESTAMP NOT NULL, WATERMARK FOR ts AS ts - INTERVAL '10' SECOND);
SELECT id, amount FROM KAFKA orders QUALITY (amount > 0 AS positive) INTO ORACLE good FAILED ROWS INTO ORACLE bad;
SELECT window(ts, '1 minute'), count(*) AS n FROM KAFKA orders INTO ORACLE per_minute LATE ROWS INTO ORACLE late_orders;
`;

/** The route tables of each query of TEXT, as the sink resolves them for a database. */
function routeTables(rules: IdentifierRules) {
  const r = compile(TEXT.replaceAll('ORACLE', rules === ORACLE_IDENTIFIERS ? 'ORACLE' : 'POSTGRES'));
  expect(r.diagnostics).toEqual([]);
  return r.queries.map((q) => {
    const p = q.physical;
    const schemas = routeSchemas(p);
    const routes = Object.fromEntries(
      (['failed', 'late'] as const).flatMap((n) => (p.routes[n] ? [[n, { table: p.routes[n].target!, schema: schemas[n]! }]] : [])),
    );
    const spec: SinkSpec = { table: p.target.target!, schema: p.schema, mode: 'append', key: [], queryId: p.queryId, routes };
    return resolveRouteTables(spec, resolveSinkTable(spec, rules), rules);
  });
}

const jan1 = Date.UTC(2024, 0, 1);

function sqlFile(sections: Record<string, string>): string {
  return Object.entries(sections)
    .map(([name, sql]) => `-- ${name}\n${sql}\n/\n`)
    .join('\n');
}

describe('route tables (FAILED ROWS, LATE ROWS INTO)', () => {
  it('Oracle: the row columns and failed_rules, or watermark and window; created when absent, filled by the batch INSERT', () => {
    const [failed, late] = routeTables(ORACLE_IDENTIFIERS);
    const f = failed!.get('failed')!;
    const l = late!.get('late')!;
    const failedInsert = insertRows(f, [['o2', -5, false, 'positive']]);
    const lateInsert = insertRows(l, [[jan1 + 30_000, jan1 + 80_000, jan1, jan1 + 60_000]]);
    expectGolden(
      'test/golden/sql/oracle-routes.sql',
      sqlFile({
        createFailedRowsTable: ignoringExisting(createTable(f)),
        insertFailedRows: failedInsert.sql,
        createLateRowsTable: ignoringExisting(createTable(l)),
        insertLateRows: lateInsert.sql,
      }),
    );
    expect(failedInsert.binds).toEqual([['o2', -5, 0, 'positive']]);
    expect(lateInsert.binds).toEqual([[new Date(jan1 + 30_000), new Date(jan1 + 80_000), new Date(jan1), new Date(jan1 + 60_000)]]);
  });

  it('PostgreSQL: the same tables and the unnest INSERT', () => {
    const [failed, late] = routeTables(POSTGRES_IDENTIFIERS);
    expectGolden(
      'test/golden/sql/postgres-routes.sql',
      sqlFile({
        createFailedRowsTable: pgSql.createTable(failed!.get('failed')!),
        insertFailedRows: pgSql.insertRows(failed!.get('failed')!, []).text,
        createLateRowsTable: pgSql.createTable(late!.get('late')!),
        insertLateRows: pgSql.insertRows(late!.get('late')!, []).text,
      }),
    );
  });

  it('a route naming the query’s own table, its dead-letter table or the other route is refused when the sink opens', () => {
    const [failed] = routeTables(POSTGRES_IDENTIFIERS);
    const t = failed!.get('failed')!;
    const spec: SinkSpec = {
      table: 'good',
      schema: [{ name: 'id', type: { kind: 'STRING' }, nullable: false }],
      mode: 'append',
      key: [],
      queryId: 'q',
      routes: { failed: { table: 'GOOD', schema: t.columns } },
    };
    expect(() => resolveRouteTables(spec, resolveSinkTable(spec, POSTGRES_IDENTIFIERS), POSTGRES_IDENTIFIERS)).toThrow(
      `FAILED ROWS INTO names the query's own table "GOOD"; give the route a table of its own`,
    );
    const both: SinkSpec = { ...spec, routes: { failed: { table: 'x', schema: t.columns }, late: { table: 'X', schema: t.columns } } };
    expect(() => resolveRouteTables(both, resolveSinkTable(both, POSTGRES_IDENTIFIERS), POSTGRES_IDENTIFIERS)).toThrow(
      'LATE ROWS INTO names the FAILED ROWS INTO table "X"',
    );
  });
});
