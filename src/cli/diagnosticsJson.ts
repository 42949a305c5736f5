import type { Diagnostic } from '../compiler/diagnostics/Diagnostic.js';

/** One diagnostic as `k2o check --format json` prints it: flat, every key always present. */
export interface DiagnosticJson {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly length: number;
  readonly code: string;
  readonly severity: string;
  readonly message: string;
  readonly hint: string | null;
}

export function diagnosticJson(d: Diagnostic, file: string): DiagnosticJson {
  return {
    file,
    line: d.span.line,
    column: d.span.column,
    length: d.span.length,
    code: d.code,
    severity: d.severity,
    message: d.message,
    hint: d.hint ?? null,
  };
}
