import type * as A from '../ast/Ast.js';
import type { Diagnostic } from '../diagnostics/Diagnostic.js';
import { diag } from '../diagnostics/messages.js';
import type { Column } from '../../core/Schema.js';
import type { ConnectorCatalog, ConnectorDescriptor, NativeType } from '../../core/ConnectorDescriptor.js';
import { analyzeColumns } from './analyzeColumns.js';

/**
 * The columns of CREATE TABLE … IN a database: each type is the database's own
 * (`VARCHAR2(50)`, `jsonb`), mapped to the k2o type queries are checked
 * against, or one of k2o's. A type name of another database is an error naming
 * this database's equivalent.
 */
export function tableColumns(
  defs: readonly A.ColumnDef[],
  database: ConnectorDescriptor,
  connectors: ConnectorCatalog,
  out: Diagnostic[],
): { columns: Column[]; ddlTypes: Record<string, string> } {
  const ddlTypes: Record<string, string> = {};
  const natives = new Map<A.ColumnDef, NativeType>();
  const k2oDefs: A.ColumnDef[] = [];
  for (const c of defs) {
    const native = database.tableTypes?.read(c.type.name, c.type.params);
    if (native) natives.set(c, native);
    else if (!otherDatabaseType(c.type, database, connectors, out)) k2oDefs.push(c);
  }
  const k2o = new Map(analyzeColumns(k2oDefs, out).map((c) => [c.name, c]));
  const columns: Column[] = [];
  const seen = new Set<string>();
  for (const c of defs) {
    const native = natives.get(c);
    const column = native ? { name: c.name.name, type: native.type, nullable: !c.notNull } : k2o.get(c.name.name);
    if (!column) continue;
    if (seen.has(column.name)) {
      // analyzeColumns reported duplicates among k2o-typed columns; a native one may repeat any name.
      if (native) out.push(diag('DuplicateColumn', c.name.span, [column.name]));
      continue;
    }
    seen.add(column.name);
    columns.push(column);
    if (native) ddlTypes[column.name] = native.ddl;
  }
  return { columns, ddlTypes };
}

/** Reports a type name that another database of the catalog has (VARCHAR2 in a PostgreSQL table); false when none has it. */
function otherDatabaseType(type: A.TypeRef, database: ConnectorDescriptor, connectors: ConnectorCatalog, out: Diagnostic[]): boolean {
  for (const other of connectors.values()) {
    if (other === database || !other.tableTypes || !database.tableTypes) continue;
    const native = other.tableTypes.read(type.name, type.params);
    if (!native) continue;
    const length = native.type.kind === 'STRING' && type.params.length === 1 ? type.params[0] : undefined;
    const equivalent = database.tableTypes.spell(native.type, length);
    out.push(
      diag(
        'OtherDatabaseType',
        type.span,
        [type.name, other.displayName, database.displayName],
        `In ${database.displayName}, write ${equivalent}.`,
      ),
    );
    return true;
  }
  return false;
}
