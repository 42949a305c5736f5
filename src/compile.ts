import { analyzeCreateStream } from './compiler/analyzer/analyzeCreateStream.js';
import { analyzeSelect } from './compiler/analyzer/analyzeSelect.js';
import type { AnalyzedQuery } from './compiler/analyzer/AnalyzedQuery.js';
import type { Catalog, StreamDef } from './compiler/analyzer/Catalog.js';
import type { SelectStmt } from './compiler/ast/Ast.js';
import { type Diagnostic, NO_SPAN } from './compiler/diagnostics/Diagnostic.js';
import { diag } from './compiler/diagnostics/messages.js';
import { parse } from './compiler/parser/parse.js';
import type { LogicalPlan, SinkNode } from './plan/logical/LogicalPlan.js';
import { planQuery } from './plan/logical/planQuery.js';
import { optimize } from './plan/optimizer/optimize.js';
import { lowerPlan } from './plan/physical/lowerPlan.js';
import type { SinkExec } from './plan/physical/PhysicalPlan.js';

export interface CompileOptions {
  /** Streams the program already knows; CREATE STREAM in the text adds to (a copy of) them. */
  readonly catalog?: Catalog;
}

export interface CompiledQuery {
  readonly analyzed: AnalyzedQuery;
  /** As planned, before optimization. */
  readonly logical: SinkNode;
  readonly optimized: LogicalPlan;
  /** The plan after each optimizer rule that changed it. */
  readonly steps: readonly { readonly rule: string; readonly plan: string }[];
  readonly physical: SinkExec;
  /** Whether the statement was `EXPLAIN SELECT …` (shown, not run). */
  readonly explainOnly: boolean;
}

export interface CompileResult {
  readonly queries: readonly CompiledQuery[];
  readonly streams: readonly StreamDef[];
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Text → plans. Never throws for a user's mistake: errors come back as
 * diagnostics, and no query is returned while there is any error, so nothing
 * runs half-compiled.
 */
export function compile(text: string, options: CompileOptions = {}): CompileResult {
  const parsed = parse(text);
  if (!parsed.script) return { queries: [], streams: [], diagnostics: parsed.diagnostics };
  const diagnostics: Diagnostic[] = [];
  const streams = new Map(options.catalog?.streams ?? []);
  const declared: StreamDef[] = [];
  const queries: CompiledQuery[] = [];
  for (const stmt of parsed.script.statements) {
    if (stmt.kind === 'CreateStreamStmt') {
      if (streams.has(stmt.name.name)) {
        diagnostics.push(diag('DuplicateStream', stmt.name.span, [stmt.name.name]));
        continue;
      }
      const def = analyzeCreateStream(stmt, diagnostics);
      if (def) {
        streams.set(def.name, def);
        declared.push(def);
      }
      continue;
    }
    const select: SelectStmt = stmt.kind === 'ExplainStmt' ? stmt.query : stmt;
    const analyzed = analyzeSelect(select, { streams }, diagnostics);
    if (analyzed) queries.push(planAll(analyzed, stmt.kind === 'ExplainStmt'));
  }
  if (parsed.script.statements.length > 0 && queries.length === 0 && diagnostics.length === 0) {
    diagnostics.push(diag('NoQuery', NO_SPAN, [], 'Add a SELECT … FROM KAFKA … INTO … statement.'));
  }
  const failed = diagnostics.some((d) => d.severity === 'error');
  diagnostics.sort((a, b) => a.span.offset - b.span.offset);
  return { queries: failed ? [] : queries, streams: declared, diagnostics };
}

function planAll(analyzed: AnalyzedQuery, explainOnly: boolean): CompiledQuery {
  const logical = planQuery(analyzed);
  const { plan, steps } = optimize(logical);
  if (plan.kind !== 'Sink') throw new Error('internal: optimizer removed the sink');
  return { analyzed, logical, optimized: plan, steps, physical: lowerPlan(plan), explainOnly };
}
