import type { Diagnostic } from './Diagnostic.js';

/**
 * `FILE:LINE:COL: error K1002: message`, the source line, a caret under the span
 * and the hint: the shape compilers have taught users to read.
 */
export function formatDiagnostic(d: Diagnostic, source: string, file: string): string {
  const { line, column, length } = d.span;
  // Lines end as the lexer counts them: \n, \r\n or a lone \r.
  const text = source.split(/\r\n|\r|\n/)[line - 1] ?? '';
  const gutter = `${line} | `;
  const underline = '^' + '~'.repeat(Math.max(0, Math.min(length, text.length - column + 1) - 1));
  const out = [
    `${file}:${line}:${column}: ${d.severity} ${d.code}: ${d.message}`,
    `${gutter}${text}`,
    `${' '.repeat(gutter.length + column - 1)}${underline}`,
  ];
  if (d.hint) out.push(`hint: ${d.hint}`);
  return out.join('\n');
}
