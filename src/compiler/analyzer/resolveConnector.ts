import type * as A from '../ast/Ast.js';
import type { Diagnostic } from '../diagnostics/Diagnostic.js';
import { diag } from '../diagnostics/messages.js';
import { closest } from '../../core/suggest.js';
import { connectorWord, type ConnectorCatalog, type ConnectorDescriptor } from '../../core/ConnectorDescriptor.js';

/** What a statement asks of the connector it names, as messages say it. */
const USES = {
  read: { can: 'be read with FROM', fits: (d: ConnectorDescriptor) => d.roles.includes('streamSource') || d.roles.includes('tableSource') },
  write: { can: 'be written with INTO', fits: (d: ConnectorDescriptor) => d.roles.includes('sink') },
  deadLetters: { can: 'take dead letters', fits: (d: ConnectorDescriptor) => d.roles.includes('deadLetters') },
  declareTable: { can: 'hold tables (CREATE TABLE … IN)', fits: (d: ConnectorDescriptor) => d.target === 'table' },
  copyInto: { can: 'take a batch copy (INSERT INTO)', fits: (d: ConnectorDescriptor) => d.roles.includes('sink') && d.target === 'table' },
} as const;

export type ConnectorUse = keyof typeof USES;

/**
 * The connector a statement names, if the catalog has it and it can play the
 * part: an unknown name gets the closest known one (a typo), a known one in
 * the wrong place the list of those that fit.
 */
export function resolveConnector(
  ref: A.Ident,
  use: ConnectorUse,
  connectors: ConnectorCatalog,
  out: Diagnostic[],
): ConnectorDescriptor | undefined {
  const { can, fits } = USES[use];
  const fitting = [...connectors.values()].filter(fits).map((d) => connectorWord(d.name));
  const others = fitting.length > 0 ? `Connectors that can: ${fitting.join(', ')}.` : undefined;
  const d = connectors.get(ref.name);
  if (!d) {
    const guess = closest(ref.name, [...connectors.keys()]);
    out.push(diag('UnknownConnector', ref.span, [ref.name], guess ? `Did you mean ${connectorWord(guess)}?` : others));
    return undefined;
  }
  if (!fits(d)) {
    out.push(diag('ConnectorCannot', ref.span, [connectorWord(d.name), can], others));
    return undefined;
  }
  return d;
}
