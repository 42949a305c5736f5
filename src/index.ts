/**
 * k2o as a library. The compiler API: compile `.ksql` text against an optional
 * catalog of known streams and tables, and get plans or diagnostics, never an
 * exception for a user's mistake. The Engine API: run the queries, watch and
 * stop them one by one.
 *
 *   import { compile, explain, formatDiagnostic, Engine } from 'k2o';
 *   const { queries, diagnostics } = compile(text, { catalog });
 *   const [query] = new Engine(loadConfig()).start(text);
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

// The Engine API (docs/api.md, "Running queries"): the runtime as a library.
export { Engine, Query, CompileError, DeclaredTableError, loadConfig, stderrLogger } from './engine/index.js';
export type {
  EngineConfig,
  TerminationResult,
  QueryEvents,
  QueryStatus,
  QueryState,
  QueryProgress,
  SourceProgress,
  BatchDurations,
  OperatorStateFigures,
  UdfImpl,
  UdfSignature,
  UdfType,
  K2oConfig,
  RetryPolicy,
  Logger,
  LagSample,
  PartitionLag,
  DeadLetterSample,
} from './engine/index.js';

// Monitoring (docs/monitoring.md): /metrics, health probes, /api/queries and the console for an Engine's queries.
export { Monitor } from './monitor/Monitor.js';
export { MonitorServer } from './monitor/MonitorServer.js';
export type { MonitorServerOptions } from './monitor/MonitorServer.js';
export type { QueryView } from './monitor/queryView.js';
export { jsonLogger } from './runtime/jsonLogger.js';
