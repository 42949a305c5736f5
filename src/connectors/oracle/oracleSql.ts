import oracledb from 'oracledb';
import type { Row } from '../../core/Schema.js';
import { lastPerKey } from '../relational/lastPerKey.js';
import type { DeadLetterRow, SourceOffset } from '../../runtime/ports/Sink.js';
import { nullableKeyColumns, qualified, quote, type SinkTable, type TableRef } from '../relational/sinkTable.js';
import type { WrittenColumn } from '../relational/tableCheck.js';
import type { DeclaredColumn } from '../relational/DeclaredTableSql.js';
import { oracleBind, oracleType } from './oracleTypes.js';

/** A statement for connection.executeMany: one bind array per row. */
export interface OracleBatch {
  readonly sql: string;
  readonly bindDefs: oracledb.BindDefinition[];
  readonly binds: unknown[][];
}

/** A statement for connection.execute. */
export interface OracleQuery {
  readonly sql: string;
  readonly binds: unknown[];
}

export function tableName(t: TableRef): string {
  return qualified(t.schema, t.name);
}

/** One row per query: the operator state (JSON) as of its last committed batch; a CLOB, as state can pass 4000 bytes. */
export function createStateTable(t: SinkTable): string {
  return [
    `CREATE TABLE ${tableName(t.state)} (`,
    '  "QUERY_ID" VARCHAR2(512 BYTE) NOT NULL PRIMARY KEY,',
    '  "STATE" CLOB NOT NULL,',
    '  "UPDATED_AT" TIMESTAMP(3) NOT NULL',
    ')',
  ].join('\n');
}

export function mergeState(t: SinkTable, queryId: string, state: string): OracleQuery {
  const now = 'SYS_EXTRACT_UTC(SYSTIMESTAMP)';
  return {
    sql: [
      `MERGE INTO ${tableName(t.state)} t`,
      'USING (SELECT :1 AS "QUERY_ID" FROM dual) s',
      'ON (t."QUERY_ID" = s."QUERY_ID")',
      `WHEN MATCHED THEN UPDATE SET t."STATE" = :2, t."UPDATED_AT" = ${now}`,
      `WHEN NOT MATCHED THEN INSERT ("QUERY_ID", "STATE", "UPDATED_AT") VALUES (s."QUERY_ID", :3, ${now})`,
    ].join('\n'),
    binds: [queryId, { type: oracledb.DB_TYPE_CLOB, val: state }, { type: oracledb.DB_TYPE_CLOB, val: state }],
  };
}

export function selectState(t: SinkTable, queryId: string): OracleQuery {
  return { sql: `SELECT "STATE" FROM ${tableName(t.state)} WHERE "QUERY_ID" = :1`, binds: [queryId] };
}

/**
 * Oracle before 23ai has no CREATE TABLE IF NOT EXISTS: run the DDL and swallow
 * ORA-00955 (name already used), which also settles a race between two starts.
 */
export function ignoringExisting(ddl: string): string {
  return [
    'BEGIN',
    `  EXECUTE IMMEDIATE '${ddl.replaceAll("'", "''")}';`,
    'EXCEPTION',
    '  WHEN OTHERS THEN',
    '    IF SQLCODE != -955 THEN',
    '      RAISE;',
    '    END IF;',
    'END;',
  ].join('\n');
}

/**
 * A key the query can write NULL into cannot be a primary key (its columns are
 * NOT NULL); it becomes a UNIQUE constraint, and mergeRows matches NULL keys
 * itself, so the NULL group stays one row.
 */
export function createTable(t: SinkTable): string {
  const lines = t.columns.map((c) => `  ${quote(c.name)} ${oracleType(c.type, t.key.includes(c.name))}${c.nullable ? '' : ' NOT NULL'}`);
  const key = t.key.map(quote).join(', ');
  if (t.key.length > 0) lines.push(nullableKeyColumns(t).length > 0 ? `  UNIQUE (${key})` : `  PRIMARY KEY (${key})`);
  return `CREATE TABLE ${tableName(t)} (\n${lines.join(',\n')}\n)`;
}

export function createOffsetsTable(t: SinkTable): string {
  return [
    `CREATE TABLE ${tableName(t.offsets)} (`,
    '  "QUERY_ID" VARCHAR2(512 BYTE) NOT NULL,',
    '  "TOPIC" VARCHAR2(512 BYTE) NOT NULL,',
    '  "PARTITION" NUMBER(10) NOT NULL,',
    '  "NEXT_OFFSET" NUMBER(19) NOT NULL,',
    '  "UPDATED_AT" TIMESTAMP(3) NOT NULL,',
    '  PRIMARY KEY ("QUERY_ID", "TOPIC", "PARTITION")',
    ')',
  ].join('\n');
}

/** Catalog rows for tableCheck; an unqualified name means the session's current schema, as in the DML. */
export function describeTable(t: TableRef): OracleQuery {
  return {
    sql: [
      'SELECT COLUMN_NAME AS "name", DATA_TYPE AS "dataType", DATA_PRECISION AS "precision",',
      '  DATA_SCALE AS "scale", DATA_LENGTH AS "dataLength", NULLABLE AS "nullable",',
      '  DEFAULT_LENGTH AS "defaultLength"',
      'FROM ALL_TAB_COLUMNS',
      "WHERE OWNER = NVL(:1, SYS_CONTEXT('USERENV', 'CURRENT_SCHEMA')) AND TABLE_NAME = :2",
      'ORDER BY COLUMN_ID',
    ].join('\n'),
    binds: [t.schema ?? null, t.name],
  };
}

function columnBinds(t: SinkTable, rows: readonly Row[]) {
  const binds = t.columns.map((c) => oracleBind(c.type, t.key.includes(c.name)));
  return {
    expressions: binds.map((b, i) => b.expression(`:${i + 1}`)),
    bindDefs: binds.map((b) => b.bindDef),
    binds: rows.map((r) => binds.map((b, i) => b.toBind(r[i]))),
  };
}

export function insertRows(t: SinkTable, rows: readonly Row[]): OracleBatch {
  const { expressions, bindDefs, binds } = columnBinds(t, rows);
  const sql = [
    `INSERT INTO ${tableName(t)} (${t.columns.map((c) => quote(c.name)).join(', ')})`,
    `VALUES (${expressions.join(', ')})`,
  ].join('\n');
  return { sql, bindDefs, binds };
}

/**
 * UPDATE mode: one MERGE per row, executeMany running them as one array DML call.
 * Key columns only appear in ON, because MERGE may not update them (ORA-38104).
 * A key column the query can write NULL into is matched with DECODE, for which
 * NULL equals NULL (`=` never matches NULL): the NULL group is updated, not
 * inserted again. NOT NULL key columns keep `=`, so an index on them still serves.
 */
export function mergeRows(t: SinkTable, rows: readonly Row[]): OracleBatch {
  const { expressions, bindDefs, binds } = columnBinds(t, lastPerKey(t, rows));
  const names = t.columns.map((c) => quote(c.name));
  const nonKey = t.columns.filter((c) => !t.key.includes(c.name)).map((c) => quote(c.name));
  const nullable = nullableKeyColumns(t);
  const lines = [
    `MERGE INTO ${tableName(t)} t`,
    `USING (SELECT ${expressions.map((e, i) => `${e} AS ${names[i]}`).join(', ')} FROM dual) s`,
    `ON (${t.key.map((k) => (nullable.includes(k) ? `DECODE(t.${quote(k)}, s.${quote(k)}, 1, 0) = 1` : `t.${quote(k)} = s.${quote(k)}`)).join(' AND ')})`,
  ];
  if (nonKey.length > 0) lines.push(`WHEN MATCHED THEN UPDATE SET ${nonKey.map((n) => `t.${n} = s.${n}`).join(', ')}`);
  lines.push(`WHEN NOT MATCHED THEN INSERT (${names.join(', ')}) VALUES (${names.map((n) => `s.${n}`).join(', ')})`);
  return { sql: lines.join('\n'), bindDefs, binds };
}

/** COMPLETE mode empties the table in the batch's transaction (TRUNCATE would commit). */
export function deleteAll(t: SinkTable): string {
  return `DELETE FROM ${tableName(t)}`;
}

/** Offsets travel as text into TO_NUMBER: a Kafka offset may exceed 2^53. */
export function mergeOffsets(t: SinkTable, queryId: string, offsets: readonly SourceOffset[]): OracleBatch {
  const now = 'SYS_EXTRACT_UTC(SYSTIMESTAMP)';
  return {
    sql: [
      `MERGE INTO ${tableName(t.offsets)} t`,
      'USING (SELECT :1 AS "QUERY_ID", :2 AS "TOPIC", :3 AS "PARTITION", TO_NUMBER(:4) AS "NEXT_OFFSET" FROM dual) s',
      'ON (t."QUERY_ID" = s."QUERY_ID" AND t."TOPIC" = s."TOPIC" AND t."PARTITION" = s."PARTITION")',
      `WHEN MATCHED THEN UPDATE SET t."NEXT_OFFSET" = s."NEXT_OFFSET", t."UPDATED_AT" = ${now}`,
      'WHEN NOT MATCHED THEN INSERT ("QUERY_ID", "TOPIC", "PARTITION", "NEXT_OFFSET", "UPDATED_AT")',
      `  VALUES (s."QUERY_ID", s."TOPIC", s."PARTITION", s."NEXT_OFFSET", ${now})`,
    ].join('\n'),
    bindDefs: [
      { type: oracledb.DB_TYPE_VARCHAR, maxSize: 512 },
      { type: oracledb.DB_TYPE_VARCHAR, maxSize: 512 },
      { type: oracledb.DB_TYPE_NUMBER },
      { type: oracledb.DB_TYPE_VARCHAR, maxSize: 20 },
    ],
    binds: offsets.map((o) => [queryId, o.topic, o.partition, o.offset]),
  };
}

/** Rows of [topic, partition, offset]; the offset as text because it may exceed 2^53. */
/** `forUpdate`: read inside a batch's transaction, locking the rows so that two writers of one query serialise. */
export function selectOffsets(t: SinkTable, queryId: string, opts: { forUpdate?: boolean } = {}): OracleQuery {
  return {
    sql: [
      'SELECT "TOPIC", "PARTITION", TO_CHAR("NEXT_OFFSET")',
      `FROM ${tableName(t.offsets)}`,
      'WHERE "QUERY_ID" = :1',
      'ORDER BY "TOPIC", "PARTITION"',
      ...(opts.forUpdate ? ['FOR UPDATE'] : []),
    ].join('\n'),
    binds: [queryId],
  };
}

const varchar2 = (existing: string, minBytes: number): boolean => {
  const m = /^VARCHAR2\((\d+) BYTE\)$/.exec(existing);
  return m !== null && Number(m[1]) >= minBytes;
};
const integer = (existing: string, digits: number): boolean => {
  if (existing === 'NUMBER') return true;
  const m = /^NUMBER\((\*|\d+),0\)$/.exec(existing);
  return m !== null && (m[1] === '*' ? 38 : Number(m[1])) >= digits;
};
const timestamp = (existing: string): boolean => /^TIMESTAMP\(\d\)$/.test(existing);
const column = (name: string, ddlType: string, accepts: (existing: string) => boolean, nullable = false): WrittenColumn => ({
  name,
  ddlType,
  accepts,
  nullable,
});

/**
 * The dead-letter table's columns, as created and as checked when the table
 * exists. Key and value are CLOBs: a Kafka record may hold a megabyte, and a value
 * cut to fit would no longer be the record. A reason fits VARCHAR2(4000 BYTE):
 * deadLetterRow cuts it to 1000 characters (at most 3000 bytes).
 */
export const DEAD_LETTER_COLUMNS: readonly WrittenColumn[] = [
  column('QUERY_ID', 'VARCHAR2(512 BYTE)', (e) => varchar2(e, 512)),
  column('TOPIC', 'VARCHAR2(512 BYTE)', (e) => varchar2(e, 512)),
  column('PARTITION', 'NUMBER(10)', (e) => integer(e, 10)),
  column('RECORD_OFFSET', 'NUMBER(19)', (e) => integer(e, 19)),
  column('RECORD_TIMESTAMP', 'TIMESTAMP(3)', timestamp),
  column('RECORD_KEY', 'CLOB', (e) => e === 'CLOB', true),
  column('RECORD_VALUE', 'CLOB', (e) => e === 'CLOB', true),
  column('REASON', 'VARCHAR2(4000 BYTE)', (e) => varchar2(e, 3000) || e === 'CLOB'),
  column('FAILED_AT', 'TIMESTAMP(3)', timestamp),
];

/** A record is dead-lettered once per query: a replayed batch finds it there and leaves it. */
export const DEAD_LETTER_KEY: readonly string[] = ['QUERY_ID', 'TOPIC', 'PARTITION', 'RECORD_OFFSET'];

/** Records that could not become rows, with the reason; beside the target table unless DEAD LETTERS INTO names one. */
export function createDeadLettersTable(t: SinkTable): string {
  const lines = DEAD_LETTER_COLUMNS.map((c) => `  ${quote(c.name)} ${c.ddlType}${c.nullable ? '' : ' NOT NULL'}`);
  lines.push(`  PRIMARY KEY (${DEAD_LETTER_KEY.map(quote).join(', ')})`);
  return `CREATE TABLE ${tableName(t.deadLetters)} (\n${lines.join(',\n')}\n)`;
}

/**
 * One MERGE per dead letter, run as one executeMany in the batch's transaction: a
 * record already stored for the query (a replayed batch) is left as it is. The
 * record's timestamp is stored as UTC wall time, like TIMESTAMP columns of rows;
 * key and value are bound as CLOBs straight into the INSERT.
 */
export function mergeDeadLetters(t: SinkTable, queryId: string, deadLetters: readonly DeadLetterRow[]): OracleBatch {
  const now = 'SYS_EXTRACT_UTC(SYSTIMESTAMP)';
  const names = DEAD_LETTER_COLUMNS.map((c) => quote(c.name));
  const on = DEAD_LETTER_KEY.map((k) => `t.${quote(k)} = s.${quote(k)}`).join(' AND ');
  return {
    sql: [
      `MERGE INTO ${tableName(t.deadLetters)} t`,
      'USING (SELECT :1 AS "QUERY_ID", :2 AS "TOPIC", :3 AS "PARTITION", TO_NUMBER(:4) AS "RECORD_OFFSET" FROM dual) s',
      `ON (${on})`,
      `WHEN NOT MATCHED THEN INSERT (${names.join(', ')})`,
      `  VALUES (s."QUERY_ID", s."TOPIC", s."PARTITION", s."RECORD_OFFSET", SYS_EXTRACT_UTC(:5), :6, :7, :8, ${now})`,
    ].join('\n'),
    bindDefs: [
      { type: oracledb.DB_TYPE_VARCHAR, maxSize: 512 },
      { type: oracledb.DB_TYPE_VARCHAR, maxSize: 512 },
      { type: oracledb.DB_TYPE_NUMBER },
      { type: oracledb.DB_TYPE_VARCHAR, maxSize: 20 },
      { type: oracledb.DB_TYPE_TIMESTAMP_TZ },
      { type: oracledb.DB_TYPE_CLOB },
      { type: oracledb.DB_TYPE_CLOB },
      { type: oracledb.DB_TYPE_VARCHAR, maxSize: 4000 },
    ],
    binds: deadLetters.map((d) => [queryId, d.topic, d.partition, d.offset, new Date(d.timestamp), d.key, d.value, d.reason]),
  };
}

/**
 * CREATE TABLE of a file: the declared columns in the declared (or k2o's) types,
 * and its primary key; a key column declared without NOT NULL makes it UNIQUE,
 * as createTable does for a key the query can write NULL into. Run inside
 * ignoringExisting, as the sink's own tables.
 */
export function createDeclaredTable(t: TableRef, columns: readonly DeclaredColumn[], key: readonly string[]): string {
  const lines = columns.map((c) => `  ${quote(c.name)} ${declaredType(c, key.includes(c.name))}${c.nullable ? '' : ' NOT NULL'}`);
  const nullableKey = columns.some((c) => key.includes(c.name) && c.nullable);
  if (key.length > 0) lines.push(`  ${nullableKey ? 'UNIQUE' : 'PRIMARY KEY'} (${key.map(quote).join(', ')})`);
  return `CREATE TABLE ${tableName(t)} (\n${lines.join(',\n')}\n)`;
}

export function declaredType(c: DeclaredColumn, inKey: boolean): string {
  return c.ddl ?? oracleType(c.type, inKey);
}

/** ALL_TAB_COLUMNS's spelling (through formatCatalogType) of each native name oracleTableTypes accepts. */
export function catalogType(ddl: string): string {
  const m = /^([A-Z0-9_]+)(?:\((\d+)(?:,(\d+))?\))?( .*)?$/.exec(ddl);
  if (!m) return ddl;
  const [, name, p, s, rest = ''] = m;
  switch (name) {
    case 'VARCHAR2':
      return `VARCHAR2(${p} BYTE)`;
    case 'NUMBER':
      return p === undefined ? 'NUMBER' : `NUMBER(${p},${s ?? 0})`;
    case 'TIMESTAMP':
      return `TIMESTAMP(${p ?? 6})${rest}`;
    default:
      // NVARCHAR2, CHAR, NCHAR carry their length in DATA_LENGTH, which formatCatalogType shows only for VARCHAR2.
      return name!;
  }
}

export function addColumn(t: TableRef, column: string, ddl: string): string {
  return `ALTER TABLE ${tableName(t)} ADD (${quote(column)} ${ddl})`;
}

export function alterType(t: TableRef, column: string, ddl: string): string {
  return `ALTER TABLE ${tableName(t)} MODIFY (${quote(column)} ${ddl})`;
}

export function setNullable(t: TableRef, column: string, nullable: boolean): string {
  return `ALTER TABLE ${tableName(t)} MODIFY (${quote(column)} ${nullable ? 'NULL' : 'NOT NULL'})`;
}
