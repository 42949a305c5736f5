import { quote } from './sinkTable.js';

/** A unique index of an existing table, as a dialect's uniqueKeys lists it. */
export interface UniqueIndex {
  readonly name: string;
  readonly columns: readonly string[];
  readonly nullsNotDistinct: boolean;
}

/**
 * Why ON CONFLICT (key) cannot upsert into an existing table, or undefined when
 * it can: it needs a unique index on exactly the key columns and, when the query
 * can write NULL into one of them (`nullable`), one that treats NULLs as equal,
 * or every batch would add another row for the NULL group.
 */
export function keyIndexProblem(
  table: string,
  key: readonly string[],
  nullable: readonly string[],
  indexes: readonly UniqueIndex[],
  why: string,
): string | undefined {
  const wanted = [...key].sort().join(',');
  const onKey = indexes.filter((i) => [...i.columns].sort().join(',') === wanted);
  const columns = key.map(quote).join(', ');
  if (onKey.length === 0) return `table ${table} has no primary key or unique index on (${key.join(', ')}), which ${why}`;
  if (nullable.length === 0 || onKey.some((i) => i.nullsNotDistinct)) return undefined;
  return (
    `table ${table} has a unique index on (${key.join(', ')}) that treats NULLs as distinct, but the query can write NULL into ` +
    `${nullable.join(', ')}: a NULL key is one group, and each batch would add another row for it instead of updating it. ` +
    `Add an index that treats NULLs as equal (PostgreSQL 15+): CREATE UNIQUE INDEX ON ${table} (${columns}) NULLS NOT DISTINCT ` +
    `(then DROP INDEX ${onKey.map((i) => i.name).join(', ')} if nothing else needs it), or make the key NOT NULL in the query, e.g. with coalesce()`
  );
}
