import type * as A from '../ast/Ast.js';
import type { Diagnostic } from '../diagnostics/Diagnostic.js';
import { diag } from '../diagnostics/messages.js';
import { closest } from '../../core/suggest.js';
import type { Column } from '../../core/Schema.js';
import type { TableDef } from './Catalog.js';
import type { ConnectorCatalog } from '../../core/ConnectorDescriptor.js';
import { resolveConnector } from './resolveConnector.js';
import { typeFromName, TYPE_NAMES } from './typeRules.js';

/** Column declarations of CREATE STREAM and CREATE TABLE: types known, names unique. */
export function analyzeColumns(defs: readonly A.ColumnDef[], out: Diagnostic[]): Column[] {
  const columns: Column[] = [];
  for (const c of defs) {
    const type = typeFromName(c.type.name, c.type.params);
    if (!type) {
      const guess = closest(c.type.name, TYPE_NAMES);
      out.push(diag('UnknownType', c.type.span, [c.type.name], guess ? `Did you mean ${guess}?` : `Types: ${TYPE_NAMES.join(', ')}.`));
    } else if (columns.some((x) => x.name === c.name.name)) {
      out.push(diag('DuplicateColumn', c.name.span, [c.name.name]));
    } else {
      columns.push({ name: c.name.name, type, nullable: !c.notNull });
    }
  }
  return columns;
}

/** CREATE TABLE → a TableDef for the catalog; primary-key columns are NOT NULL. */
export function analyzeCreateTable(s: A.CreateTableStmt, connectors: ConnectorCatalog, out: Diagnostic[]): TableDef | undefined {
  const before = out.length;
  const columns = analyzeColumns(s.columns, out);
  resolveConnector(s.database, 'declareTable', connectors, out);
  for (const k of s.primaryKey) {
    if (!columns.some((c) => c.name === k.name)) {
      const guess = closest(
        k.name,
        columns.map((c) => c.name),
      );
      out.push(diag('UnknownColumn', k.span, [k.name, `table '${s.name.name}'`], guess && `Did you mean '${guess}'?`));
    }
  }
  if (out.length > before) return undefined;
  const key = s.primaryKey.map((k) => k.name);
  return {
    name: s.name.name,
    database: s.database.name,
    columns: columns.map((c) => (key.includes(c.name) ? { ...c, nullable: false } : c)),
    primaryKey: key,
  };
}
