import type { Span } from '../../core/Span.js';

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
