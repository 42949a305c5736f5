import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { CompiledQuery } from '../compile.js';
import type { K2oConfig } from '../config/K2oConfig.js';
import { createSink, createSource } from '../connectors/createConnectors.js';
import { sourceOf } from '../plan/physical/PhysicalPlan.js';
import type { BatchProgress, DeadLetterSample } from '../runtime/BatchProgress.js';
import { LagSampler, type LagSample } from '../runtime/LagSampler.js';
import type { Logger } from '../runtime/Logger.js';
import type { QueryMetrics } from '../runtime/QueryMetrics.js';
import { QueryRunner } from '../runtime/QueryRunner.js';
import type { RetryPolicy } from '../runtime/retry.js';
import { batchRunner } from './batchRunner.js';
import { toProgress, type QueryProgress } from './QueryProgress.js';
import { isTerminal, type QueryStatus } from './QueryStatus.js';

/** How many progress reports `recentProgress()` keeps (Spark keeps 100 too). */
const RECENT_PROGRESS = 100;
/** How many dead letters `recentDeadLetters()` keeps. */
const RECENT_DEAD_LETTERS = 20;

export interface QueryEvents {
  /** A batch committed. */
  batch: [progress: QueryProgress];
  status: [status: QueryStatus];
  /** The consumer lag was sampled (on a timer, not per batch). */
  lag: [sample: LagSample];
  /** The query failed; emitted only when someone listens, so an unheard failure never throws. */
  error: [error: Error];
}

/** What a query needs from its engine to run. */
export interface QueryEnvironment {
  readonly config: K2oConfig;
  readonly log: Logger;
  readonly retry?: RetryPolicy;
  /** How often the consumer lag is sampled (ms). */
  readonly lagSampleMs?: number;
  /** The text's CREATE TABLE statements, carried out before the query starts; it fails with their error. */
  readonly tables?: Promise<void>;
}

/** The engine starts a query through this key, which is not part of the public API. */
export const LAUNCH = Symbol('launch');

/**
 * One running query of an Engine: its status, its progress, and a stop that
 * lets the batch in flight commit. Created by `engine.start`.
 */
export class Query extends EventEmitter<QueryEvents> {
  /** The query's id: its `name` option, else its target; its offsets and state are filed under it. */
  readonly id: string;
  /** The same name, as Spark's StreamingQuery has one beside its id. */
  readonly name: string;
  /** New for each start of the query. */
  readonly runId = randomUUID();
  private current: QueryStatus = { state: 'CREATED' };
  private readonly recent: QueryProgress[] = [];
  private readonly deadLetters: DeadLetterSample[] = [];
  private sampler: LagSampler | undefined;
  private readonly abort = new AbortController();
  private startedAt = 0;
  private ended!: () => void;
  private readonly done = new Promise<void>((resolve) => (this.ended = resolve));

  constructor(
    readonly compiled: CompiledQuery,
    private readonly env: QueryEnvironment,
  ) {
    super();
    this.id = compiled.physical.queryId;
    this.name = this.id;
  }

  status(): QueryStatus {
    return this.current;
  }

  /** The last batch's figures; undefined before the first batch commits. */
  progress(): QueryProgress | undefined {
    return this.recent[this.recent.length - 1];
  }

  /** The last batches' figures, oldest first (at most 100). */
  recentProgress(): readonly QueryProgress[] {
    return [...this.recent];
  }

  /**
   * Records produced to each partition but not yet committed into the sink,
   * as last sampled; undefined before the first sample.
   */
  lag(): LagSample | undefined {
    return this.sampler?.latestSample();
  }

  /** The last dead letters (at most 20), oldest first: where they were read and why they were set aside. */
  recentDeadLetters(): readonly DeadLetterSample[] {
    return [...this.deadLetters];
  }

  /** Lets the batch in flight commit, then stops; resolves once the query has ended, however it ends. */
  async stop(): Promise<void> {
    this.abort.abort();
    await this.done;
  }

  /** Resolves true once the query has ended, or false when `timeoutMs` passes first. */
  async awaitTermination(timeoutMs?: number): Promise<boolean> {
    if (timeoutMs === undefined) return this.done.then(() => true);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
    try {
      return await Promise.race([this.done.then(() => true), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  [LAUNCH](): void {
    if (this.abort.signal.aborted) {
      this.setStatus({ state: 'STOPPED' });
      return this.ended();
    }
    this.startedAt = Date.now();
    this.setStatus({ state: 'RUNNING' });
    void this.run().then(this.ended);
  }

  private async run(): Promise<void> {
    const { physical } = this.compiled;
    const { config, log, retry } = this.env;
    try {
      await this.env.tables;
      if (sourceOf(physical).kind === 'TableSourceExec') {
        await (
          await batchRunner(physical, config, {
            log,
            signal: this.abort.signal,
            onBatch: (totals: QueryMetrics, batch: BatchProgress) => this.onBatch(totals, batch),
          })
        ).run();
      } else {
        const sink = await createSink(physical, config);
        // The sink opens while the source's client loads: the database creates and describes its tables on
        // the other core meanwhile. The runner waits for this open as its first attempt.
        const opening = sink.open();
        opening.catch(() => undefined);
        let source;
        try {
          // The Kafka client logs through the query's logger, in the same format as k2o's own lines.
          source = await createSource(physical, { ...config, log });
        } catch (e) {
          await opening.catch(() => undefined);
          await sink.close().catch(() => undefined);
          throw e;
        }
        const sampler = new LagSampler(
          () => source.endOffsets(),
          this.env.lagSampleMs,
          (sample) => this.emit('lag', sample),
        );
        this.sampler = sampler;
        const runner = new QueryRunner(physical, {
          source,
          sink,
          opening,
          log,
          signal: this.abort.signal,
          ...(retry && { retry }),
          onBatch: (totals, batch) => this.onBatch(totals, batch),
          onRetry: (error, nextAttemptAt) => this.setStatus({ state: 'RETRYING', error, nextAttemptAt: new Date(nextAttemptAt) }),
          onRecovered: () => this.setStatus({ state: 'RUNNING' }),
          onStandby: () => this.setStatus({ state: 'STANDBY', since: new Date() }),
          onActive: () => this.setStatus({ state: 'RUNNING' }),
          onStarted: (positions) => {
            sampler.commit(positions);
            sampler.start();
          },
        });
        try {
          await runner.run();
        } finally {
          sampler.stop();
        }
      }
      const bounded = physical.trigger.kind === 'availableNow' || physical.trigger.kind === 'once';
      this.setStatus({ state: bounded && !this.abort.signal.aborted ? 'COMPLETED' : 'STOPPED' });
    } catch (e) {
      const error = e instanceof Error ? e : new Error(String(e));
      this.setStatus({ state: 'FAILED', error });
      if (this.listenerCount('error') > 0) this.emit('error', error);
    }
  }

  private onBatch(totals: Readonly<QueryMetrics>, batch: BatchProgress): void {
    this.sampler?.commit(batch.sources.map((s) => ({ topic: s.topic, partition: s.partition, offset: s.endOffset })));
    this.deadLetters.push(...batch.deadLetters);
    this.deadLetters.splice(0, Math.max(0, this.deadLetters.length - RECENT_DEAD_LETTERS));
    const previousStart = this.recent.length > 0 ? Date.parse(this.progress()!.timestamp) : this.startedAt;
    const progress = toProgress(
      { id: this.id, runId: this.runId, name: this.name },
      sourceOf(this.compiled.physical).source.connector,
      batch,
      totals,
      previousStart,
      this.sampler?.latestSample(),
    );
    this.recent.push(progress);
    if (this.recent.length > RECENT_PROGRESS) this.recent.shift();
    this.emit('batch', progress);
  }

  private setStatus(status: QueryStatus): void {
    if (isTerminal(this.current)) return;
    this.current = status;
    this.emit('status', status);
  }
}
