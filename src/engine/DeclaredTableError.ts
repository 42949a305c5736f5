import type { Diagnostic } from '../compiler/diagnostics/Diagnostic.js';

/**
 * A table the text declares with CREATE TABLE exists and differs from its
 * declaration (K4024): no query of the text ran. The diagnostics say where,
 * which columns and the ALTER that would fix each, for `formatDiagnostic`.
 */
export class DeclaredTableError extends Error {
  constructor(readonly diagnostics: readonly Diagnostic[]) {
    super(diagnostics.map((d) => `${d.code} at ${d.span.line}:${d.span.column}: ${d.message}${d.hint ? ` ${d.hint}` : ''}`).join('\n'));
    this.name = 'DeclaredTableError';
  }
}
