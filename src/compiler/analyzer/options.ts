import type * as A from '../ast/Ast.js';
import type { Diagnostic } from '../diagnostics/Diagnostic.js';
import { diag } from '../diagnostics/messages.js';
import { closest } from '../../core/suggest.js';

export type OptionKind = 'string' | 'positiveInteger' | 'boolean';

/** What an option of kind K holds once read. */
export type OptionValue<K extends OptionKind> = K extends 'boolean' ? boolean : K extends 'string' ? string : number;

/**
 * Reads `WITH (name = value, ...)` against the options a statement knows:
 * unknown names and values of the wrong kind are diagnostics, not surprises at
 * run time.
 */
export function readOptions<K extends OptionKind>(
  items: readonly A.OptionItem[],
  known: Readonly<Record<string, K>>,
  statement: string,
  out: Diagnostic[],
): Map<string, OptionValue<K>> {
  const values = new Map<string, OptionValue<K>>();
  for (const { name, value } of items) {
    const kind: OptionKind | undefined = known[name.name];
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
    } else if (kind === 'boolean' && typeof v !== 'boolean') {
      out.push(diag('BadOptionValue', value.span, [name.name, 'takes true or false'], `Write ${name.name} = true.`));
    } else {
      values.set(name.name, v as OptionValue<K>);
    }
  }
  return values;
}
