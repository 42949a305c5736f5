/**
 * k2o's compiler API: compile `.ksql` text against an optional catalog of
 * known streams and tables, and get plans or diagnostics, never an exception
 * for a user's mistake.
 *
 *   import { compile, explain, formatDiagnostic } from 'k2o';
 *   const { queries, diagnostics } = compile(text, { catalog });
 */
export { compile } from './compile.js';
export type { CompileOptions, CompileResult, CompiledQuery } from './compile.js';
export { explain, explainQuery } from './explain.js';
export type { ExplainOptions } from './explain.js';
export { formatDiagnostic } from './compiler/diagnostics/formatDiagnostic.js';
export type { Diagnostic, Severity, Span } from './compiler/diagnostics/Diagnostic.js';
export { Messages } from './compiler/diagnostics/messages.js';
export { emptyCatalog } from './compiler/analyzer/Catalog.js';
export type { Catalog, SourceDef, StreamDef, TableDef, TopicSelector } from './compiler/analyzer/Catalog.js';
export type { AnalyzedQuery, SinkTarget, TriggerSpec, WindowSpec } from './compiler/analyzer/AnalyzedQuery.js';
export type { ManagementCommand } from './compiler/analyzer/analyzeManagement.js';
export type { SqlType, SqlTypeKind } from './compiler/SqlType.js';
export type { Column, Schema } from './runtime/Row.js';
export { runtimeGaps } from './runtime/capabilities.js';
