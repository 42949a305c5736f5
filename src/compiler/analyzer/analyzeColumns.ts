import type * as A from '../ast/Ast.js';
import type { Diagnostic } from '../diagnostics/Diagnostic.js';
import { diag } from '../diagnostics/messages.js';
import { closest } from '../../core/suggest.js';
import type { Column } from '../../core/Schema.js';
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
