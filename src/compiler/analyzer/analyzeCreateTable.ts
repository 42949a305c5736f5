import type * as A from '../ast/Ast.js';
import type { Diagnostic } from '../diagnostics/Diagnostic.js';
import { diag } from '../diagnostics/messages.js';
import { closest } from '../../core/suggest.js';
import type { TableDef } from './Catalog.js';
import type { ConnectorCatalog } from '../../core/ConnectorDescriptor.js';
import { resolveConnector } from './resolveConnector.js';
import { analyzeColumns } from './analyzeColumns.js';
import { tableColumns } from './tableColumns.js';

/** CREATE TABLE → a TableDef for the catalog; primary-key columns are NOT NULL. */
export function analyzeCreateTable(s: A.CreateTableStmt, connectors: ConnectorCatalog, out: Diagnostic[]): TableDef | undefined {
  const before = out.length;
  const database = resolveConnector(s.database, 'declareTable', connectors, out);
  const { columns, ddlTypes } = database?.tableTypes
    ? tableColumns(s.columns, database, connectors, out)
    : { columns: analyzeColumns(s.columns, out), ddlTypes: {} };
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
  const nullableKey = key.filter((k) => !s.columns.some((c) => c.name.name === k && c.notNull));
  return {
    name: s.name.name,
    database: s.database.name,
    columns: columns.map((c) => (key.includes(c.name) ? { ...c, nullable: false } : c)),
    primaryKey: key,
    ...(Object.keys(ddlTypes).length > 0 && { ddlTypes }),
    ...(nullableKey.length > 0 && { nullableKey }),
    span: s.span,
  };
}
