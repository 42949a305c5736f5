import { compile, type CompileOptions, type CompileResult } from '../compile.js';
import type { K2oConfig } from '../config/K2oConfig.js';
import { stderrLogger, type Logger } from '../runtime/Logger.js';
import { CompileError } from './CompileError.js';
import { DeclaredTableError } from './DeclaredTableError.js';
import type { TableDef } from '../compiler/analyzer/Catalog.js';
import { ensureDeclaredTables } from './declaredTables.js';
import { LAUNCH, Query } from './Query.js';
import { isTerminal } from './QueryStatus.js';
import { registerFunction, type UdfImpl, type UdfSignature } from './registerFunction.js';

export interface EngineConfig extends K2oConfig {
  /** Whether one query's failure stops the others (default false; `k2o run` sets it). */
  readonly stopOnFailure?: boolean;
  /** Where queries report progress and trouble (default: lines on stderr). */
  readonly log?: Logger;
  /** How often each query's consumer lag is sampled, in ms (default 5000). */
  readonly lagSampleMs?: number;
  /** What `start` compiles text with: the catalog of known streams and tables, the connectors. */
  readonly compile?: CompileOptions;
}

export interface TerminationResult {
  /** Whether every query had ended before the timeout. */
  readonly terminated: boolean;
  /** The ids of the queries still running at the timeout. */
  readonly running: readonly string[];
}

/**
 * The runtime as a library: starts the queries of a text, each on its own, and
 * steers them. Stopping or losing one leaves the others running (unless
 * `stopOnFailure`).
 */
export class Engine {
  private readonly all: Query[] = [];
  private readonly log: Logger;

  constructor(private readonly config: EngineConfig) {
    this.log = config.log ?? stderrLogger();
  }

  /**
   * Starts every query of the text (EXPLAIN statements are not run), after its
   * CREATE TABLE statements have created their tables. Throws a
   * CompileError, starting nothing, when the text has errors or asks for what
   * the runtime cannot run yet, or when a query of the same id is running.
   */
  start(textOrCompiled: string | CompileResult): Query[] {
    const result = typeof textOrCompiled === 'string' ? compile(textOrCompiled, this.config.compile) : textOrCompiled;
    const errors = result.diagnostics.filter((d) => d.severity === 'error');
    if (errors.length > 0) throw new CompileError(errors);
    const runnable = result.queries.filter((q) => !q.explain);
    const gaps = runnable.flatMap((q) => q.runtimeGaps);
    if (gaps.length > 0) throw new CompileError(gaps);
    // Two runs of one id would share its offsets and state in the sink: one would fence the other.
    const taken = runnable.map((q) => q.physical.queryId).filter((id) => this.all.some((q) => q.id === id && !isTerminal(q.status())));
    if (taken.length > 0)
      throw new Error(`query ${taken.join(', ')} is already running; stop it first or name the new one WITH (name = '…')`);
    const { retry, lagSampleMs } = this.config;
    const tables = runnable.length > 0 && result.tables.length > 0 ? this.createTables(result.tables) : undefined;
    const env = {
      config: this.config,
      log: this.log,
      ...(retry && { retry }),
      ...(lagSampleMs !== undefined && { lagSampleMs }),
      ...(tables && { tables }),
    };
    const started = runnable.map((compiled) => new Query(compiled, env));
    for (const q of started) {
      if (this.config.stopOnFailure) q.on('status', (s) => s.state === 'FAILED' && void this.stopAll());
      this.all.push(q);
      // On the next turn, so that the caller hears every status from CREATED on.
      setImmediate(() => q[LAUNCH]());
    }
    return started;
  }

  /**
   * The text's CREATE TABLE statements, carried out once before any of its
   * queries runs: each query waits for them, and fails with their error.
   */
  private createTables(tables: readonly TableDef[]): Promise<void> {
    const done = ensureDeclaredTables(tables, this.config).then((mismatches) => {
      if (mismatches.length > 0) throw new DeclaredTableError(mismatches);
      this.log.info(`tables ready: ${tables.map((t) => t.name).join(', ')}`);
    });
    // Heard by the queries on their first turn; until then, not an unhandled rejection.
    done.catch(() => {});
    return done;
  }

  /** Every query started, running or ended, in start order. */
  queries(): readonly Query[] {
    return [...this.all];
  }

  /** Stops every query (each lets its batch in flight commit); resolves when all have ended. */
  async stopAll(): Promise<void> {
    await Promise.all(this.all.map((q) => q.stop()));
  }

  /** Resolves when every query started so far has ended, or at the timeout, saying which still run. */
  async awaitTermination(timeoutMs?: number): Promise<TerminationResult> {
    const queries = [...this.all];
    const ended = await Promise.all(queries.map((q) => q.awaitTermination(timeoutMs)));
    const running = queries.filter((_, i) => !ended[i]).map((q) => q.id);
    return { terminated: running.length === 0, running };
  }

  /**
   * A scalar function for queries to call, checked by the analyzer like a built-in one.
   * The function registry is process-wide: every Engine of the process sees the function.
   */
  registerFunction(name: string, signature: UdfSignature, fn: UdfImpl): void {
    registerFunction(name, signature, fn);
  }
}
