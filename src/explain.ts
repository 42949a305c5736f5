import { compile, type CompiledQuery, type CompileOptions } from './compile.js';
import type { Diagnostic } from './compiler/diagnostics/Diagnostic.js';
import { displayLogical } from './plan/logical/displayLogical.js';
import { displayPhysical } from './plan/physical/displayPhysical.js';

export interface ExplainOptions extends CompileOptions {
  /** Also show the plan as first built and after each optimizer rule. */
  readonly verbose?: boolean;
}

/** The EXPLAIN text of one compiled query: logical and physical plans, one node a line. */
export function explainQuery(q: CompiledQuery, verbose = false): string {
  const parts: string[] = [];
  if (verbose) {
    parts.push(`== Initial logical plan ==\n${displayLogical(q.logical)}`);
    for (const s of q.steps) parts.push(`== After ${s.rule} ==\n${s.plan}`);
  }
  parts.push(`== Logical plan ==\n${displayLogical(q.optimized)}`);
  parts.push(`== Physical plan ==\n${displayPhysical(q.physical)}`);
  return parts.join('\n');
}

/** Compiles `text` and explains every query in it; the text is empty when there are errors. */
export function explain(text: string, options: ExplainOptions = {}): { text: string; diagnostics: readonly Diagnostic[] } {
  const result = compile(text, options);
  const verbose = options.verbose ?? false;
  // `EXPLAIN VERBOSE q` in the text asks for the verbose plan of q, as `k2o explain` shows it.
  const shown = result.queries.map(
    (q, i) =>
      (result.queries.length > 1 ? `-- query ${i + 1}: ${q.analyzed.id}\n` : '') + explainQuery(q, verbose || q.explain?.verbose === true),
  );
  return { text: shown.join('\n\n'), diagnostics: result.diagnostics };
}
