import type { SqlType } from '../../core/SqlType.js';
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

/** A column k2o writes, as the fit check sees it. */
export interface WrittenColumn {
  readonly name: string;
  /** The type k2o would create the column with, shown in messages. */
  readonly ddlType: string;
  /** Whether an existing column of this type (the catalog's spelling) holds the values without loss. */
  readonly accepts: (existingType: string) => boolean;
  /** Whether k2o may write NULL into it. */
  readonly nullable: boolean;
}

/**
 * Fails before any data flows when an existing table cannot take the query's rows,
 * naming each offending column: a mismatch found at the first write would
 * otherwise surface as a database error in the middle of a stream.
 */
export function assertTableFits(table: SinkTable, displayName: string, existing: readonly ExistingColumn[], mapping: TypeMapping): void {
  const written = table.columns.map((col) => ({
    name: col.name,
    ddlType: mapping.ddlType(col.type),
    accepts: (existingType: string) => mapping.accepts(col.type, existingType),
    nullable: col.nullable,
  }));
  assertColumnsFit(`table ${displayName} exists but does not match the query`, written, existing);
}

/**
 * The same check for any table k2o writes: `written` are the columns it writes,
 * `existing` those the catalog lists. Throws `problem: …` naming each column.
 */
export function assertColumnsFit(problem: string, written: readonly WrittenColumn[], existing: readonly ExistingColumn[]): void {
  const byName = new Map(existing.map((c) => [c.name, c]));
  const problems: string[] = [];
  for (const col of written) {
    const found = byName.get(col.name);
    if (found === undefined) {
      problems.push(`column "${col.name}" is missing (expected ${col.ddlType})`);
      continue;
    }
    if (!col.accepts(found.type)) {
      problems.push(`column "${col.name}" has type ${found.type}, expected ${col.ddlType}`);
    }
    if (!found.nullable && col.nullable) {
      problems.push(`column "${col.name}" is NOT NULL but the query can write NULL into it`);
    }
  }
  const names = new Set(written.map((c) => c.name));
  for (const c of existing) {
    if (!names.has(c.name) && !c.nullable && !c.hasDefault) {
      problems.push(`column "${c.name}" is NOT NULL without a default and the query does not write it`);
    }
  }
  if (problems.length > 0) {
    throw new Error(`${problem}: ${problems.join('; ')}`);
  }
}
