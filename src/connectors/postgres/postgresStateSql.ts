import type { StateEntry, StateEntryKey } from '../../runtime/ports/StateEntries.js';
import { qualified, type SinkTable } from '../relational/sinkTable.js';
import type { PgQuery } from './postgresSql.js';

/**
 * A row per key of each stateful operator, keyed so that a key group of one
 * operator is one range of the primary key: the unit that moves with its
 * partitions when a query is spread over processes.
 */
export function createStateEntriesTable(t: SinkTable): string {
  return [
    `CREATE TABLE IF NOT EXISTS ${qualified(t.stateEntries.schema, t.stateEntries.name)} (`,
    '  "query_id" TEXT NOT NULL,',
    '  "operator_id" TEXT NOT NULL,',
    '  "key_group" SMALLINT NOT NULL,',
    '  "key" TEXT NOT NULL,',
    '  "value" TEXT NOT NULL,',
    '  "updated_at" TIMESTAMPTZ NOT NULL,',
    '  PRIMARY KEY ("query_id", "operator_id", "key_group", "key")',
    ')',
  ].join('\n');
}

/** The batch's written entries, each as one row of three arrays and the values: one statement however many. */
export function upsertStateEntries(t: SinkTable, queryId: string, entries: readonly StateEntry[]): PgQuery {
  return {
    text: [
      `INSERT INTO ${qualified(t.stateEntries.schema, t.stateEntries.name)} ("query_id", "operator_id", "key_group", "key", "value", "updated_at")`,
      'SELECT $1::TEXT, e.operator_id, e.key_group, e.key, e.value, now()',
      'FROM unnest($2::TEXT[], $3::SMALLINT[], $4::TEXT[], $5::TEXT[]) AS e(operator_id, key_group, key, value)',
      'ON CONFLICT ("query_id", "operator_id", "key_group", "key") DO UPDATE SET "value" = EXCLUDED."value", "updated_at" = EXCLUDED."updated_at"',
    ].join('\n'),
    values: [
      queryId,
      entries.map((e) => e.operator),
      entries.map((e) => e.keyGroup),
      entries.map((e) => storedKey(e.key)),
      entries.map((e) => e.value),
    ],
  };
}

export function deleteStateEntries(t: SinkTable, queryId: string, keys: readonly StateEntryKey[]): PgQuery {
  return {
    text: [
      `DELETE FROM ${qualified(t.stateEntries.schema, t.stateEntries.name)} s`,
      'USING unnest($2::TEXT[], $3::SMALLINT[], $4::TEXT[]) AS d(operator_id, key_group, key)',
      'WHERE s."query_id" = $1 AND s."operator_id" = d.operator_id AND s."key_group" = d.key_group AND s."key" = d.key',
    ].join('\n'),
    values: [queryId, keys.map((k) => k.operator), keys.map((k) => k.keyGroup), keys.map((k) => storedKey(k.key))],
  };
}

/** Rows of { operator, keyGroup, key, value }. */
export function selectStateEntries(t: SinkTable, queryId: string): PgQuery {
  return {
    text: [
      'SELECT "operator_id" AS "operator", "key_group" AS "keyGroup", "key", "value"',
      `FROM ${qualified(t.stateEntries.schema, t.stateEntries.name)}`,
      'WHERE "query_id" = $1',
    ].join('\n'),
    values: [queryId],
  };
}

/** Entries as rows of selectStateEntries come back, keys as the operator made them. */
export function readStateEntries(rows: readonly unknown[]): StateEntry[] {
  return (rows as StateEntry[]).map((r) => ({ operator: r.operator, keyGroup: r.keyGroup, key: operatorKey(r.key), value: r.value }));
}

// PostgreSQL text cannot hold NUL, which a string group key may: such a key,
// and any key that could be mistaken for one so stored, is kept as JSON text.
const ESCAPED = 'json:';

function storedKey(key: string): string {
  return key.includes('\u0000') || key.startsWith(ESCAPED) ? ESCAPED + JSON.stringify(key) : key;
}

function operatorKey(stored: string): string {
  return stored.startsWith(ESCAPED) ? (JSON.parse(stored.slice(ESCAPED.length)) as string) : stored;
}
