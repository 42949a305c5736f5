import oracledb from 'oracledb';
import type { StateEntry, StateEntryKey } from '../../runtime/ports/StateEntries.js';
import type { SinkTable } from '../relational/sinkTable.js';
import type { OracleBatch, OracleQuery } from './oracleSql.js';
import { tableName } from './oracleSql.js';

/**
 * A row per key of each stateful operator, keyed so that a key group of one
 * operator is one range of the primary key. KEY is at most 4000 bytes, which
 * with the other key columns stays under the index key limit of an 8 KB
 * block; VALUE is a CLOB, as a DISTINCT aggregate's set can pass 4000 bytes.
 */
export function createStateEntriesTable(t: SinkTable): string {
  return [
    `CREATE TABLE ${tableName(t.stateEntries)} (`,
    '  "QUERY_ID" VARCHAR2(512 BYTE) NOT NULL,',
    '  "OPERATOR_ID" VARCHAR2(128 BYTE) NOT NULL,',
    '  "KEY_GROUP" NUMBER(5) NOT NULL,',
    '  "KEY" VARCHAR2(4000 BYTE) NOT NULL,',
    '  "VALUE" CLOB NOT NULL,',
    '  "UPDATED_AT" TIMESTAMP(3) NOT NULL,',
    '  PRIMARY KEY ("QUERY_ID", "OPERATOR_ID", "KEY_GROUP", "KEY")',
    ')',
  ].join('\n');
}

const NOW = 'SYS_EXTRACT_UTC(SYSTIMESTAMP)';

/** One executeMany of a MERGE, a bind row per entry; the value bound as a CLOB in both branches. */
export function mergeStateEntries(t: SinkTable, queryId: string, entries: readonly StateEntry[]): OracleBatch {
  return {
    sql: [
      `MERGE INTO ${tableName(t.stateEntries)} t`,
      'USING (SELECT :1 AS "QUERY_ID", :2 AS "OPERATOR_ID", :3 AS "KEY_GROUP", :4 AS "KEY" FROM dual) s',
      'ON (t."QUERY_ID" = s."QUERY_ID" AND t."OPERATOR_ID" = s."OPERATOR_ID" AND t."KEY_GROUP" = s."KEY_GROUP" AND t."KEY" = s."KEY")',
      `WHEN MATCHED THEN UPDATE SET t."VALUE" = :5, t."UPDATED_AT" = ${NOW}`,
      'WHEN NOT MATCHED THEN INSERT ("QUERY_ID", "OPERATOR_ID", "KEY_GROUP", "KEY", "VALUE", "UPDATED_AT")',
      `  VALUES (s."QUERY_ID", s."OPERATOR_ID", s."KEY_GROUP", s."KEY", :6, ${NOW})`,
    ].join('\n'),
    bindDefs: [...keyBindDefs(entries), { type: oracledb.DB_TYPE_CLOB }, { type: oracledb.DB_TYPE_CLOB }],
    binds: entries.map((e) => [queryId, e.operator, e.keyGroup, e.key, e.value, e.value]),
  };
}

export function deleteStateEntries(t: SinkTable, queryId: string, keys: readonly StateEntryKey[]): OracleBatch {
  return {
    sql: `DELETE FROM ${tableName(t.stateEntries)} WHERE "QUERY_ID" = :1 AND "OPERATOR_ID" = :2 AND "KEY_GROUP" = :3 AND "KEY" = :4`,
    bindDefs: keyBindDefs(keys),
    binds: keys.map((k) => [queryId, k.operator, k.keyGroup, k.key]),
  };
}

/** Rows of [operator, keyGroup, key, value], the CLOB fetched as a string. */
export function selectStateEntries(t: SinkTable, queryId: string): OracleQuery {
  return {
    sql: `SELECT "OPERATOR_ID", "KEY_GROUP", "KEY", "VALUE" FROM ${tableName(t.stateEntries)} WHERE "QUERY_ID" = :1`,
    binds: [queryId],
  };
}

export function readStateEntries(rows: readonly unknown[]): StateEntry[] {
  return (rows as [string, number, string, string][]).map(([operator, keyGroup, key, value]) => ({ operator, keyGroup, key, value }));
}

/** executeMany sizes each string bind by its bindDef: the longest key of the batch (in bytes), not the column's 4000. */
function keyBindDefs(keys: readonly StateEntryKey[]): oracledb.BindDefinition[] {
  const longest = keys.reduce((n, k) => Math.max(n, Buffer.byteLength(k.key)), 1);
  return [
    { type: oracledb.DB_TYPE_VARCHAR, maxSize: 512 },
    { type: oracledb.DB_TYPE_VARCHAR, maxSize: 128 },
    { type: oracledb.DB_TYPE_NUMBER },
    { type: oracledb.DB_TYPE_VARCHAR, maxSize: longest },
  ];
}
