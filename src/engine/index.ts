/** The Engine API: what `k2o run`, the REPL and a Node program run queries with. */
export { Engine } from './Engine.js';
export type { EngineConfig, TerminationResult } from './Engine.js';
export { Query } from './Query.js';
export type { QueryEvents } from './Query.js';
export type { QueryStatus, QueryState } from './QueryStatus.js';
export type { QueryProgress, SourceProgress } from './QueryProgress.js';
export type { BatchDurations, DeadLetterSample, OperatorStateFigures } from '../runtime/BatchProgress.js';
export type { LagSample, PartitionLag } from '../runtime/LagSampler.js';
export { CompileError } from './CompileError.js';
export { DeclaredTableError } from './DeclaredTableError.js';
export { isUnreachable, UnreachableError } from '../runtime/ports/UnreachableError.js';
export type { UdfImpl, UdfSignature, UdfType } from './registerFunction.js';
export { loadConfig } from '../config/K2oConfig.js';
export type { K2oConfig } from '../config/K2oConfig.js';
export type { RetryPolicy } from '../runtime/retry.js';
export { stderrLogger } from '../runtime/Logger.js';
export type { Logger } from '../runtime/Logger.js';
