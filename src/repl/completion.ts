import { keywordNames } from '../../grammar/tokens.js';
import { FUNCTIONS } from '../expr/functions/builtins.js';

/** The names a session knows at the moment of completing. */
export interface CompletionNames {
  readonly streams: readonly string[];
  readonly tables: readonly string[];
  readonly columns: readonly string[];
  readonly queries: readonly string[];
}

/** REPL-only words, which the query grammar does not know. */
const REPL_WORDS = ['ALL', 'EXIT', 'HELP', 'QUIT', 'RUN'];

/**
 * Completes the word before the cursor (readline's completer contract: the
 * candidates and the text they replace). Keywords keep the case the user began
 * them in; function names are offered with their parenthesis.
 */
export function complete(line: string, names: CompletionNames): [string[], string] {
  const word = /[A-Za-z_][A-Za-z0-9_]*$/.exec(line)?.[0] ?? '';
  if (word.length === 0) return [[], word];
  const lower = word.toLowerCase();
  const keywords = [...keywordNames, ...REPL_WORDS].filter((k) => k.toLowerCase().startsWith(lower));
  const upper = word === word.toUpperCase() && /[A-Z]/.test(word);
  const candidates = new Set([
    ...[...names.columns, ...names.streams, ...names.tables, ...names.queries].filter((n) => n.toLowerCase().startsWith(lower)),
    // The registry is read at each completion, so functions registered since are offered too.
    ...FUNCTIONS.names()
      .filter((f) => f.startsWith(lower))
      .map((f) => `${f}(`),
    ...keywords.map((k) => (upper ? k : k.toLowerCase())),
  ]);
  const sorted = [...candidates].sort();
  // A word completed for sure is followed by a space, as shells do; a function by its '('.
  if (sorted.length === 1 && !sorted[0]!.endsWith('(')) return [[`${sorted[0]} `], word];
  return [sorted, word];
}
