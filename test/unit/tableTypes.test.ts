import { describe, expect, it } from 'vitest';
import { compile } from '../../src/compile.js';
import { formatType } from '../../src/core/SqlType.js';

/** Each column of the one table `text` declares: its k2o type, and the DDL spelling it is created with when it has one. */
function declared(text: string): Record<string, string> {
  const r = compile(`${text} SHOW TABLES;`);
  expect(r.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code} ${d.message}`)).toEqual([]);
  const t = r.tables[0]!;
  return Object.fromEntries(
    t.columns.map((c) => [c.name, `${formatType(c.type)}${t.ddlTypes?.[c.name] ? ` as ${t.ddlTypes[c.name]}` : ''}`]),
  );
}

function errors(text: string): { code: string; message: string; hint?: string; at: string }[] {
  return compile(`${text} SHOW TABLES;`)
    .diagnostics.filter((d) => d.severity === 'error')
    .map((d) => ({
      code: d.code,
      message: d.message,
      ...(d.hint && { hint: d.hint }),
      at: text.slice(d.span.offset, d.span.offset + d.span.length),
    }));
}

describe('CREATE TABLE in the database’s own type names', () => {
  it('Oracle: VARCHAR2, NVARCHAR2, CLOB, NUMBER(p,s), NUMBER(p), NUMBER, BINARY_DOUBLE, DATE, TIMESTAMP WITH TIME ZONE', () => {
    expect(
      declared(`CREATE TABLE t (
        a VARCHAR2(50), b NVARCHAR2(20), c CLOB, d NUMBER(10,2), e NUMBER(10), f NUMBER, g BINARY_DOUBLE,
        h DATE, i TIMESTAMP WITH TIME ZONE, j TIMESTAMP(3) WITH TIME ZONE, k STRING, PRIMARY KEY (a)) IN ORACLE;`),
    ).toEqual({
      a: 'STRING as VARCHAR2(50)',
      b: 'STRING as NVARCHAR2(20)',
      c: 'STRING as CLOB',
      d: 'DECIMAL(10,2) as NUMBER(10,2)',
      e: 'DECIMAL(10,0) as NUMBER(10)',
      // An unconstrained NUMBER as Spark's JDBC reader reads it.
      f: 'DECIMAL(38,10) as NUMBER',
      g: 'DOUBLE as BINARY_DOUBLE',
      // k2o's own names keep k2o's meaning and are created as k2o creates a sink column.
      h: 'DATE',
      i: 'TIMESTAMP as TIMESTAMP WITH TIME ZONE',
      j: 'TIMESTAMP as TIMESTAMP(3) WITH TIME ZONE',
      k: 'STRING',
    });
  });

  it('PostgreSQL: varchar(n), numeric(p,s), text, timestamptz, jsonb, int8, float8, bool', () => {
    expect(
      declared(
        `CREATE TABLE t (a varchar(50), b numeric(10,2), c text, d timestamptz, e jsonb, f int8, g float8, h bool, i TIMESTAMP) IN POSTGRES;`,
      ),
    ).toEqual({
      a: 'STRING as VARCHAR(50)',
      b: 'DECIMAL(10,2)',
      c: 'STRING',
      d: 'TIMESTAMP as TIMESTAMPTZ',
      e: 'STRING as JSONB',
      f: 'BIGINT as INT8',
      g: 'DOUBLE as FLOAT8',
      h: 'BOOLEAN as BOOL',
      i: 'TIMESTAMP',
    });
  });

  it('a type name of the other database is K3007 at the type, with this database’s equivalent', () => {
    expect(errors('CREATE TABLE t (name VARCHAR2(50), amount NUMBER(10,2), body CLOB) IN POSTGRES;')).toEqual([
      {
        code: 'K3007',
        message: "'VARCHAR2' is a type of Oracle, not of PostgreSQL.",
        hint: 'In PostgreSQL, write VARCHAR(50).',
        at: 'VARCHAR2(50)',
      },
      {
        code: 'K3007',
        message: "'NUMBER' is a type of Oracle, not of PostgreSQL.",
        hint: 'In PostgreSQL, write NUMERIC(10,2).',
        at: 'NUMBER(10,2)',
      },
      { code: 'K3007', message: "'CLOB' is a type of Oracle, not of PostgreSQL.", hint: 'In PostgreSQL, write TEXT.', at: 'CLOB' },
    ]);
    expect(errors('CREATE TABLE t (doc jsonb, at timestamptz, n varchar(8)) IN ORACLE;')).toEqual([
      { code: 'K3007', message: "'JSONB' is a type of PostgreSQL, not of Oracle.", hint: 'In Oracle, write CLOB.', at: 'jsonb' },
      {
        code: 'K3007',
        message: "'TIMESTAMPTZ' is a type of PostgreSQL, not of Oracle.",
        hint: 'In Oracle, write TIMESTAMP WITH TIME ZONE.',
        at: 'timestamptz',
      },
      {
        code: 'K3007',
        message: "'VARCHAR' is a type of PostgreSQL, not of Oracle.",
        hint: 'In Oracle, write VARCHAR2(8).',
        at: 'varchar(8)',
      },
    ]);
  });

  it('a name neither database nor k2o has is still K3005; a database type name outside CREATE TABLE too', () => {
    expect(errors('CREATE TABLE t (a VARCHAR3(5)) IN ORACLE;').map((e) => e.code)).toEqual(['K3005']);
    expect(errors("CREATE STREAM s (a VARCHAR2(5)) WITH (topic = 's');").map((e) => e.code)).toEqual(['K3005']);
  });

  it('a query into the table is checked against the mapped types (K4013 when it does not fit)', () => {
    const table = 'CREATE TABLE accounts (id VARCHAR2(20), balance NUMBER(12,2), PRIMARY KEY (id)) IN ORACLE;';
    expect(
      compile(`${table} SELECT id, balance FROM KAFKA accounts INTO ORACLE accounts;`).diagnostics.filter((d) => d.severity === 'error'),
    ).toEqual([]);
    expect(errors(`${table} SELECT id, id = 'x' AS balance FROM KAFKA accounts INTO ORACLE accounts;`).map((e) => e.code)).toEqual([
      'K4013',
    ]);
  });

  it('CREATE TABLE IF NOT EXISTS declares the same table', () => {
    expect(declared('CREATE TABLE IF NOT EXISTS t (a text) IN POSTGRES;')).toEqual({ a: 'STRING' });
  });
});
