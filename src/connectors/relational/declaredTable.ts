import { creatingTables } from './creatingTables.js';
import type { Column } from '../../core/Schema.js';
import { identifierProblem } from '../../core/sqlNames.js';
import type { DeclaredColumn } from './DeclaredTableSql.js';
import { resolveTableName, type TableRef } from './sinkTable.js';
import type { SqlDialect } from './SqlDialect.js';
import type { SqlSessions } from './SqlSession.js';
import type { ExistingColumn } from './tableCheck.js';

/** A table as CREATE TABLE declares it (the compiler's TableDef): names as written. */
export interface DeclaredTable {
  readonly name: string;
  readonly columns: readonly Column[];
  readonly primaryKey: readonly string[];
  /** The columns declared with the database's own type names, by column name: their DDL spelling. */
  readonly ddlTypes?: Readonly<Record<string, string>>;
  /** Primary-key columns declared without NOT NULL: created nullable, under a key that treats NULL as one value. */
  readonly nullableKey?: readonly string[];
}

/** How an existing table differs from its CREATE TABLE, in one column, and the statement that would fix it. */
export interface ColumnProblem {
  readonly column: string;
  readonly problem: string;
  readonly fix: string;
}

/**
 * CREATE TABLE of a file, run before its queries: creates the table when it is
 * absent; when it exists, compares it with the declaration column by column,
 * since the compiler checked the file's queries against the declaration, not
 * against the table. Returns the differences (none for a table it created).
 */
export async function ensureDeclaredTable<Statement, Bulk>(
  def: DeclaredTable,
  dialect: SqlDialect<Statement, Bulk>,
  sessions: SqlSessions<Statement, Bulk>,
): Promise<ColumnProblem[]> {
  const rules = dialect.identifiers;
  const table = resolveTableName(def.name, rules);
  const columns: DeclaredColumn[] = def.columns.map((c) => {
    const problem = identifierProblem(c.name, 'column', { database: rules.database, maxLength: rules.maxLength });
    if (problem) throw new Error(`CREATE TABLE ${def.name}: ${problem}`);
    const ddl = def.ddlTypes?.[c.name];
    const nullable = c.nullable || (def.nullableKey?.includes(c.name) ?? false);
    return { name: rules.fold(c.name), type: c.type, nullable, ...(ddl !== undefined && { ddl }) };
  });
  // Either is right for such a key column: a NOT NULL one refuses the NULL group's row, which the sink's check says when the query starts.
  const eitherNullability = new Set((def.nullableKey ?? []).map(rules.fold));
  const key = def.primaryKey.map(rules.fold);
  await sessions.open();
  try {
    const session = await sessions.acquire();
    try {
      const describe = dialect.describeTable(table);
      const existing = await creatingTables(session, dialect, async () => {
        await session.execute(dialect.declaredTables.create(table, columns, key));
        return describe.read(await session.execute(describe.statement));
      });
      await session.release();
      return columnProblems(table, columns, key, existing, dialect, eitherNullability);
    } catch (err) {
      await session.discard();
      throw err;
    }
  } finally {
    await sessions.close();
  }
}

function columnProblems<Statement, Bulk>(
  table: TableRef,
  columns: readonly DeclaredColumn[],
  key: readonly string[],
  existing: readonly ExistingColumn[],
  dialect: SqlDialect<Statement, Bulk>,
  eitherNullability: ReadonlySet<string>,
): ColumnProblem[] {
  const sql = dialect.declaredTables;
  const byName = new Map(existing.map((c) => [c.name, c]));
  const problems: ColumnProblem[] = [];
  for (const c of columns) {
    const ddl = sql.ddlType(c, key.includes(c.name));
    const found = byName.get(c.name);
    if (!found) {
      problems.push({ column: c.name, problem: `column "${c.name}" is missing (declared ${ddl})`, fix: sql.addColumn(table, c.name, ddl) });
      continue;
    }
    const fits = c.ddl !== undefined ? sql.catalogType(c.ddl) === found.type : dialect.types.accepts(c.type, found.type);
    if (!fits)
      problems.push({
        column: c.name,
        problem: `column "${c.name}" is ${found.type} there, declared ${ddl}`,
        fix: sql.alterType(table, c.name, ddl),
      });
    if (found.nullable !== c.nullable && !eitherNullability.has(c.name))
      problems.push({
        column: c.name,
        problem: `column "${c.name}" is ${found.nullable ? 'nullable' : 'NOT NULL'} there, declared ${c.nullable ? 'nullable' : 'NOT NULL'}`,
        fix: sql.setNullable(table, c.name, c.nullable),
      });
  }
  const declared = new Set(columns.map((c) => c.name));
  for (const c of existing) {
    if (declared.has(c.name) || c.nullable || c.hasDefault) continue;
    problems.push({
      column: c.name,
      problem: `column "${c.name}" is NOT NULL without a default there and not declared, so no query writes it`,
      fix: sql.setNullable(table, c.name, true),
    });
  }
  return problems;
}
