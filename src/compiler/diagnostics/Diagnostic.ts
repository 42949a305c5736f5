/** Where a piece of source text is: 1-based line and column, length in characters. */
export interface Span {
  readonly offset: number;
  readonly line: number;
  readonly column: number;
  readonly length: number;
}

export type Severity = 'error' | 'warning';

/**
 * The one error currency of the compiler (DESIGN §1). Phases return diagnostics;
 * they never throw for a user's mistake.
 */
export interface Diagnostic {
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  readonly span: Span;
  readonly hint?: string;
}

export const NO_SPAN: Span = { offset: 0, line: 1, column: 1, length: 0 };

/** The span from the start of `a` to the end of `b`. */
export function joinSpans(a: Span, b: Span): Span {
  return { offset: a.offset, line: a.line, column: a.column, length: b.offset + b.length - a.offset };
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}
