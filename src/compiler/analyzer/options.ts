import type * as A from '../ast/Ast.js';
import type { Diagnostic } from '../diagnostics/Diagnostic.js';
import { diag } from '../diagnostics/messages.js';
import { closest } from '../../core/suggest.js';

export type OptionKind = 'string' | 'positiveInteger';

/**
 * Reads `WITH (name = value, ...)` against the options a statement knows:
 * unknown names and values of the wrong kind are diagnostics, not surprises at
 * run time.
 */
export function readOptions(
  items: readonly A.OptionItem[],
  known: Readonly<Record<string, OptionKind>>,
  statement: string,
  out: Diagnostic[],
): Map<string, string | number> {
  const values = new Map<string, string | number>();
  for (const { name, value } of items) {
    const kind = known[name.name];
    if (!kind) {
      const guess = closest(name.name, Object.keys(known));
      const hint = guess ? `Did you mean '${guess}'?` : `Known options: ${Object.keys(known).join(', ')}.`;
      out.push(diag('UnknownOption', name.span, [name.name, statement], hint));
      continue;
    }
    const v = value.value;
    if (kind === 'string' && typeof v !== 'string') {
      out.push(diag('BadOptionValue', value.span, [name.name, 'takes a string'], `Write ${name.name} = '...'.`));
    } else if (kind === 'positiveInteger' && (typeof v !== 'number' || !Number.isInteger(v) || v <= 0)) {
      out.push(diag('BadOptionValue', value.span, [name.name, 'takes a positive whole number']));
    } else {
      values.set(name.name, v as string | number);
    }
  }
  return values;
}
