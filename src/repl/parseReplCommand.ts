import type { Diagnostic } from '../compiler/diagnostics/Diagnostic.js';
import { diag } from '../compiler/diagnostics/messages.js';
import type { Span } from '../core/Span.js';
import { withoutComments } from './statementBuffer.js';

/**
 * What only a session can do, parsed here rather than in the query grammar:
 * the grammar stays the language of files, and these words mean nothing in a file.
 */
export type ReplCommand =
  | { readonly kind: 'help' }
  | { readonly kind: 'exit' }
  | { readonly kind: 'run'; readonly file: string }
  | { readonly kind: 'terminateAll' }
  /**
   * DESCRIBE of a name that may be a query's id: a stream or table of the name
   * is described by the compiler, else the query; `DESCRIBE QUERY id` always means the query.
   */
  | { readonly kind: 'describe'; readonly name: string; readonly query: boolean }
  | { readonly kind: 'error'; readonly diagnostic: Diagnostic };

const WORD = /^\s*([A-Za-z_][A-Za-z0-9_]*)/;

/** A REPL command, or undefined for a statement of the language (the compiler's to read). */
export function parseReplCommand(statement: string): ReplCommand | undefined {
  const code = withoutComments(statement);
  const first = WORD.exec(code)?.[1]?.toUpperCase();
  const words = code.replace(/;\s*$/, '').trim();
  switch (first) {
    case 'HELP':
    case 'EXIT':
    case 'QUIT': {
      if (!/^\w+$/.test(words)) return extra(code, first);
      return { kind: first === 'HELP' ? 'help' : 'exit' };
    }
    case 'RUN': {
      const m = /^(\s*RUN\s+)'((?:[^']|'')*)'\s*;?\s*$/i.exec(code);
      if (m) return { kind: 'run', file: m[2]!.replace(/''/g, "'") };
      const at = /^\s*RUN\s*/i.exec(code)![0].length;
      const token = /^[^\s;]*/.exec(code.slice(at))![0] || ';';
      return {
        kind: 'error',
        diagnostic: diag(
          'UnexpectedToken',
          spanAt(statement, at, token.length),
          [token, 'a file name in quotes'],
          "Write RUN 'queries.ksql';",
        ),
      };
    }
    case 'TERMINATE':
      // TERMINATE 'all' (quoted) still names a query called all.
      return /^TERMINATE\s+ALL$/i.test(words) ? { kind: 'terminateAll' } : undefined;
    case 'DESCRIBE': {
      const m = /^DESCRIBE\s+(QUERY\s+)?(?:([A-Za-z_][A-Za-z0-9_]*)|'((?:[^']|'')*)')$/i.exec(words);
      if (!m) return undefined;
      return { kind: 'describe', name: m[2] ?? m[3]!.replace(/''/g, "'"), query: m[1] !== undefined };
    }
    default:
      return undefined;
  }
}

function extra(code: string, word: string): ReplCommand {
  const at = code.toUpperCase().indexOf(word) + word.length;
  const token = /^\s*([^\s;]+)/.exec(code.slice(at))!;
  const offset = at + token[0].length - token[1]!.length;
  return {
    kind: 'error',
    diagnostic: diag('UnexpectedToken', spanAt(code, offset, token[1]!.length), [token[1]!, "';'"], `${word} takes nothing after it.`),
  };
}

/** The span of `length` characters at `offset` of `text`. */
export function spanAt(text: string, offset: number, length: number): Span {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  return { offset, line, column, length: Math.max(1, length) };
}
