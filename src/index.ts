/**
 * k2o's compiler API: compile `.ksql` text against an optional catalog of
 * known streams and tables, and get plans or diagnostics, never an exception
 * for a user's mistake.
 *
 *   import { compile, explain, formatDiagnostic } from 'k2o';
 *   const { queries, diagnostics } = compile(text, { catalog });
 */
export { compile, runtimeGaps } from './compile.js';
export type { CompileOptions, CompileResult, CompiledQuery } from './compile.js';
export { explain, explainQuery } from './explain.js';
export type { ExplainOptions } from './explain.js';
export { formatDiagnostic, formatDiagnostics } from './compiler/diagnostics/formatDiagnostic.js';
export type { Diagnostic, Severity } from './compiler/diagnostics/Diagnostic.js';
export type { Span } from './core/Span.js';
export { Messages } from './compiler/diagnostics/messages.js';
export { emptyCatalog } from './compiler/analyzer/Catalog.js';
export type { Catalog, StreamDef, TableDef } from './compiler/analyzer/Catalog.js';
export type { SourceDef, TopicSelector } from './core/SourceDef.js';
export type { AnalyzedQuery } from './compiler/analyzer/AnalyzedQuery.js';
export type { SinkTarget, TriggerSpec, WindowSpec } from './core/specs.js';
export type { ManagementCommand } from './compiler/analyzer/analyzeManagement.js';
export type { SqlType, SqlTypeKind } from './core/SqlType.js';
export type { Column, Schema } from './core/Schema.js';
export type { ConnectorDescriptor, ConnectorRole, ConnectorTarget } from './core/ConnectorDescriptor.js';
