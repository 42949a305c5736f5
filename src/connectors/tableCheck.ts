import type { SqlType } from '../compiler/SqlType.js';
import type { SinkTable } from './sinkTable.js';

/** A column of an existing table, as the database's catalog describes it. */
export interface ExistingColumn {
  readonly name: string;
  /** The database's own spelling of the type, shown in messages and matched by `accepts`. */
  readonly type: string;
  readonly nullable: boolean;
  readonly hasDefault: boolean;
}

/** How one database maps query types onto its column types. */
export interface TypeMapping {
  readonly ddlType: (t: SqlType) => string;
  /** Whether an existing column of `existingType` holds values of `t` without loss. */
  readonly accepts: (t: SqlType, existingType: string) => boolean;
}

/**
 * Fails before any data flows when an existing table cannot take the query's rows,
 * naming each offending column: a mismatch found at the first write would
 * otherwise surface as a database error in the middle of a stream.
 */
export function assertTableFits(
  table: SinkTable,
  displayName: string,
  existing: readonly ExistingColumn[],
  mapping: TypeMapping,
): void {
  const byName = new Map(existing.map((c) => [c.name, c]));
  const problems: string[] = [];
  for (const col of table.columns) {
    const found = byName.get(col.name);
    const wanted = mapping.ddlType(col.type);
    if (found === undefined) {
      problems.push(`column "${col.name}" is missing (expected ${wanted})`);
      continue;
    }
    if (!mapping.accepts(col.type, found.type)) {
      problems.push(`column "${col.name}" has type ${found.type}, expected ${wanted}`);
    }
    if (!found.nullable && col.nullable) {
      problems.push(`column "${col.name}" is NOT NULL but the query can write NULL into it`);
    }
  }
  const written = new Set(table.columns.map((c) => c.name));
  for (const c of existing) {
    if (!written.has(c.name) && !c.nullable && !c.hasDefault) {
      problems.push(`column "${c.name}" is NOT NULL without a default and the query does not write it`);
    }
  }
  if (problems.length > 0) {
    throw new Error(`table ${displayName} exists but does not match the query: ${problems.join('; ')}`);
  }
}
