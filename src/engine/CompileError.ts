import type { Diagnostic } from '../compiler/diagnostics/Diagnostic.js';

/**
 * `engine.start` of a text that does not compile, or that asks for what the
 * runtime cannot run yet: nothing was started. The diagnostics say where and
 * why, for `formatDiagnostic`.
 */
export class CompileError extends Error {
  constructor(readonly diagnostics: readonly Diagnostic[]) {
    const first = diagnostics[0];
    const more = diagnostics.length > 1 ? ` (and ${diagnostics.length - 1} more)` : '';
    super(first ? `${first.code} at ${first.span.line}:${first.span.column}: ${first.message}${more}` : 'the text does not compile');
    this.name = 'CompileError';
  }
}
