import { describe, expect, it } from 'vitest';
import { compile } from '../../src/compile.js';
import type { TableDef } from '../../src/compiler/analyzer/Catalog.js';
import { ORACLE_DIALECT } from '../../src/connectors/oracle/oracleDialect.js';
import { POSTGRES_DIALECT } from '../../src/connectors/postgres/postgresDialect.js';
import { ensureDeclaredTable } from '../../src/connectors/relational/declaredTable.js';
import type { SqlDialect } from '../../src/connectors/relational/SqlDialect.js';
import type { SqlSession, SqlSessions } from '../../src/connectors/relational/SqlSession.js';
import type { ExistingColumn } from '../../src/connectors/relational/tableCheck.js';
import { expectGolden } from '../helpers/golden.js';
import * as pgSql from '../../src/connectors/postgres/postgresSql.js';
import { POSTGRES_IDENTIFIERS, POSTGRES_TYPES } from '../../src/connectors/postgres/postgresTypes.js';
import { resolveSinkTable } from '../../src/connectors/relational/sinkTable.js';

function table(text: string): TableDef {
  const r = compile(`${text} SHOW TABLES;`);
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return r.tables[0]!;
}

/**
 * Sessions that answer describeTable with `existing` and record every statement:
 * what ensureDeclaredTable asks of the database, without one. (The real
 * databases are in test/integration/createTable.test.ts.)
 */
function recording<S, B>(existing: readonly unknown[]): { sessions: SqlSessions<S, B>; statements: S[] } {
  const statements: S[] = [];
  const session: SqlSession<S, B> = {
    execute: async (s) => {
      statements.push(s);
      // Only describeTable's answer is read; the DDL's and the lock's are not.
      return existing;
    },
    executeBulk: async () => {},
    begin: async () => {},
    commit: async () => {},
    rollback: async () => {},
    release: async () => {},
    discard: async () => {},
  };
  return { sessions: { open: async () => {}, acquire: async () => session, close: async () => {} }, statements };
}

const ORACLE_TABLE = `CREATE TABLE accounts (
  id VARCHAR2(20) NOT NULL, owner NVARCHAR2(100), balance NUMBER(12,2), opened DATE,
  updated TIMESTAMP WITH TIME ZONE, notes CLOB, score BINARY_DOUBLE, region STRING, PRIMARY KEY (id)) IN ORACLE;`;

function sqlFile(sections: Record<string, string>): string {
  return Object.entries(sections)
    .map(([name, sql]) => `-- ${name}\n${sql}\n/\n`)
    .join('\n');
}

async function run<S, B>(dialect: SqlDialect<S, B>, def: TableDef, existing: readonly unknown[]) {
  const { sessions, statements } = recording<S, B>(existing);
  const problems = await ensureDeclaredTable(def, dialect, sessions);
  return { problems, statements };
}

describe('CREATE TABLE of a file: DDL and the check of an existing table', () => {
  it('Oracle: the declared types as written, k2o types as the sink creates them, in an ORA-00955-tolerant block', async () => {
    const { problems, statements } = await run(ORACLE_DIALECT, table(ORACLE_TABLE), []);
    // A describeTable that finds no columns: each is missing, with the ADD that would add it.
    expect(problems.map((p) => p.problem)).toHaveLength(8);
    const alters = problems.map((p) => p.fix);
    expectGolden(
      'test/golden/sql/oracle-declared-table.sql',
      sqlFile({
        createDeclaredTable: (statements[0] as { sql: string }).sql,
        describeTable: (statements[1] as { sql: string }).sql,
        ...Object.fromEntries(alters.map((a, i) => [`fix${i + 1}`, a])),
      }),
    );
  });

  it('Oracle: a matching table has no problem; each difference names the column, both types and the ALTER', async () => {
    const row = (
      name: string,
      dataType: string,
      precision: number | null,
      scale: number | null,
      dataLength: number,
      nullable: 'Y' | 'N',
    ) => ({
      name,
      dataType,
      precision,
      scale,
      dataLength,
      nullable,
      defaultLength: null,
    });
    const matching = [
      row('ID', 'VARCHAR2', null, null, 20, 'N'),
      row('OWNER', 'NVARCHAR2', null, null, 200, 'Y'),
      row('BALANCE', 'NUMBER', 12, 2, 22, 'Y'),
      row('OPENED', 'DATE', null, null, 7, 'Y'),
      row('UPDATED', 'TIMESTAMP(6) WITH TIME ZONE', null, 6, 13, 'Y'),
      row('NOTES', 'CLOB', null, null, 4000, 'Y'),
      row('SCORE', 'BINARY_DOUBLE', null, null, 8, 'Y'),
      row('REGION', 'VARCHAR2', null, null, 4000, 'Y'),
    ];
    expect((await run(ORACLE_DIALECT, table(ORACLE_TABLE), matching)).problems).toEqual([]);
    const differing = [
      row('ID', 'VARCHAR2', null, null, 10, 'N'),
      row('OWNER', 'NVARCHAR2', null, null, 200, 'Y'),
      row('BALANCE', 'NUMBER', 10, 2, 22, 'N'),
      row('OPENED', 'DATE', null, null, 7, 'Y'),
      row('UPDATED', 'TIMESTAMP(6) WITH TIME ZONE', null, 6, 13, 'Y'),
      row('NOTES', 'CLOB', null, null, 4000, 'Y'),
      row('REGION', 'VARCHAR2', null, null, 4000, 'Y'),
      row('LEGACY', 'NUMBER', 10, 0, 22, 'N'),
    ];
    expect((await run(ORACLE_DIALECT, table(ORACLE_TABLE), differing)).problems).toEqual([
      {
        column: 'ID',
        problem: 'column "ID" is VARCHAR2(10 BYTE) there, declared VARCHAR2(20)',
        fix: 'ALTER TABLE "ACCOUNTS" MODIFY ("ID" VARCHAR2(20))',
      },
      {
        column: 'BALANCE',
        problem: 'column "BALANCE" is NUMBER(10,2) there, declared NUMBER(12,2)',
        fix: 'ALTER TABLE "ACCOUNTS" MODIFY ("BALANCE" NUMBER(12,2))',
      },
      {
        column: 'BALANCE',
        problem: 'column "BALANCE" is NOT NULL there, declared nullable',
        fix: 'ALTER TABLE "ACCOUNTS" MODIFY ("BALANCE" NULL)',
      },
      {
        column: 'SCORE',
        problem: 'column "SCORE" is missing (declared BINARY_DOUBLE)',
        fix: 'ALTER TABLE "ACCOUNTS" ADD ("SCORE" BINARY_DOUBLE)',
      },
      {
        column: 'LEGACY',
        problem: 'column "LEGACY" is NOT NULL without a default there and not declared, so no query writes it',
        fix: 'ALTER TABLE "ACCOUNTS" MODIFY ("LEGACY" NULL)',
      },
    ]);
  });

  it('PostgreSQL: CREATE TABLE IF NOT EXISTS; format_type spellings compared; ALTER … TYPE, ADD COLUMN, SET NOT NULL', async () => {
    const def = table(
      'CREATE TABLE events (id varchar(36), body jsonb NOT NULL, at timestamptz, amount numeric(10,2), n BIGINT, PRIMARY KEY (id)) IN POSTGRES;',
    );
    const created = await run(POSTGRES_DIALECT, def, []);
    expectGolden(
      'test/golden/sql/postgres-declared-table.sql',
      sqlFile({
        // Taken around the DDL: two queries starting at once on a new database must not both create the table.
        takeCreateLock: created.statements[0] as string,
        createDeclaredTable: created.statements[1] as string,
        releaseCreateLock: created.statements[3] as string,
        ...Object.fromEntries(created.problems.map((p, i) => [`fix${i + 1}`, p.fix])),
      }),
    );
    const col = (name: string, type: string, nullable: boolean): ExistingColumn => ({ name, type, nullable, hasDefault: false });
    const matching = [
      col('id', 'character varying(36)', false),
      col('body', 'jsonb', false),
      col('at', 'timestamp with time zone', true),
      col('amount', 'numeric(10,2)', true),
      col('n', 'bigint', true),
    ];
    expect((await run(POSTGRES_DIALECT, def, matching)).problems).toEqual([]);
    const differing = [
      col('id', 'character varying(36)', false),
      col('body', 'json', true),
      col('at', 'text', true),
      col('amount', 'numeric(10,2)', true),
    ];
    expect((await run(POSTGRES_DIALECT, def, differing)).problems).toEqual([
      {
        column: 'body',
        problem: 'column "body" is json there, declared JSONB',
        fix: 'ALTER TABLE "events" ALTER COLUMN "body" TYPE JSONB',
      },
      {
        column: 'body',
        problem: 'column "body" is nullable there, declared NOT NULL',
        fix: 'ALTER TABLE "events" ALTER COLUMN "body" SET NOT NULL',
      },
      {
        column: 'at',
        problem: 'column "at" is text there, declared TIMESTAMPTZ',
        fix: 'ALTER TABLE "events" ALTER COLUMN "at" TYPE TIMESTAMPTZ',
      },
      { column: 'n', problem: 'column "n" is missing (declared BIGINT)', fix: 'ALTER TABLE "events" ADD COLUMN "n" BIGINT' },
    ]);
  });

  it('the sink writes a string into an existing jsonb column with a cast', () => {
    const schema = [{ name: 'body', type: { kind: 'STRING' as const }, nullable: true }];
    const spec = { table: 't', schema, mode: 'append' as const, key: [], queryId: 'q' };
    const jsonb = { ...resolveSinkTable(spec, POSTGRES_IDENTIFIERS), existingTypes: new Map([['body', 'jsonb']]) };
    expect(pgSql.insertRows(jsonb, []).text).toBe('INSERT INTO "t" ("body")\nSELECT u.c1::jsonb\nFROM unnest($1::TEXT[]) AS u(c1)');
    const text = { ...resolveSinkTable(spec, POSTGRES_IDENTIFIERS), existingTypes: new Map([['body', 'text']]) };
    expect(pgSql.insertRows(text, []).text).toBe('INSERT INTO "t" ("body")\nSELECT u.c1\nFROM unnest($1::TEXT[]) AS u(c1)');
    expect([POSTGRES_TYPES.accepts(schema[0]!.type, 'jsonb'), POSTGRES_TYPES.accepts(schema[0]!.type, 'json')]).toEqual([true, true]);
  });
});
