import type { Diagnostic } from './Diagnostic.js';

/** How much of a long source line is shown around the span, so output stays proportional to the input. */
const LINE_WINDOW = 240;
/** Text output shows this many diagnostics, then counts the rest (the JSON format keeps all). */
export const SHOWN_DIAGNOSTICS = 100;

/**
 * `FILE:LINE:COL: error K1002: message`, the source line, a caret under the span
 * and the hint: the shape compilers have taught users to read. A line longer
 * than the window is cut around the span, with `…` where text was left out.
 */
export function formatDiagnostic(d: Diagnostic, source: string, file: string): string {
  const { line, column, length } = d.span;
  const text = linesOf(source)[line - 1] ?? '';
  const from = text.length <= LINE_WINDOW ? 0 : Math.max(0, Math.min(column - 1 - LINE_WINDOW / 2, text.length - LINE_WINDOW));
  const to = Math.min(text.length, from + LINE_WINDOW);
  const shown = `${from > 0 ? '…' : ''}${text.slice(from, to)}${to < text.length ? '…' : ''}`;
  const gutter = `${line} | `;
  const caretAt = column - 1 - from + (from > 0 ? 1 : 0);
  const underline = '^' + '~'.repeat(Math.max(0, Math.min(length, to - column + 1) - 1));
  const out = [
    `${file}:${line}:${column}: ${d.severity} ${d.code}: ${d.message}`,
    `${gutter}${shown}`,
    `${' '.repeat(gutter.length + caretAt)}${underline}`,
  ];
  if (d.hint) out.push(`hint: ${d.hint}`);
  return out.join('\n');
}

/**
 * Every diagnostic of a file as text, the first `limit` in full and a line
 * counting the rest: thousands of errors are read from the first ones anyway.
 */
export function formatDiagnostics(diagnostics: readonly Diagnostic[], source: string, file: string, limit = SHOWN_DIAGNOSTICS): string {
  const shown = diagnostics.slice(0, limit).map((d) => formatDiagnostic(d, source, file));
  const rest = diagnostics.length - shown.length;
  if (rest > 0) shown.push(`… and ${rest} more diagnostic${rest === 1 ? '' : 's'} in ${file} (--format json lists them all)`);
  return shown.join('\n');
}

let cached: { source: string; lines: string[] } | undefined;

/** Lines as the lexer counts them (\n, \r\n or a lone \r), split once per source rather than once per diagnostic. */
function linesOf(source: string): string[] {
  if (cached?.source !== source) cached = { source, lines: source.split(/\r\n|\r|\n/) };
  return cached.lines;
}
