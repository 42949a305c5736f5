import type { SinkExec } from '../plan/physical/PhysicalPlan.js';
import { BatchFencedError } from './ports/BatchFencedError.js';
import { deadLetterRow } from './ports/deadLetterRow.js';
import { partitionKey } from './ports/partitionKey.js';
import type { Sink, SourceOffset } from './ports/Sink.js';
import type { PartitionEnd, Source, SourceRecord } from './ports/Source.js';
import { partitionOf, partitionProgress, stateFigures, type BatchProgress } from './BatchProgress.js';
import { buildOperators, type OperatorChain } from './buildOperators.js';
import { batchRecords } from './batchRecords.js';
import { collectUpTo } from './collectRecords.js';
import { retriedReads, type SourceReads } from './retriedReads.js';
import { upsertOrder, type Reorder } from './upsertOrder.js';
import type { DeadLetter } from './decode/decodeJson.js';
import { decodeRecords } from './decode/decodeRecords.js';
import type { BatchContext } from './exec/Operator.js';
import type { Logger } from './Logger.js';
import { newMetrics, type QueryMetrics } from './QueryMetrics.js';
import { atStart, SINK_RETRY, StopRequested, withRetry, type RetryPolicy } from './retry.js';
import { sleep } from './sleep.js';
import type { Row } from '../core/Schema.js';
import { EntrySizes, restoreState, saveState } from './state/savedState.js';
import { routeBuffers, routeSplitter } from './routes/routeRows.js';

export interface RunnerOptions {
  readonly source: Source;
  readonly sink: Sink;
  /** The sink's open() already under way (the caller began it early): the first attempt waits for it. */
  readonly opening?: Promise<void>;
  readonly log: Logger;
  /** Aborting ends the run after the batch in flight has committed. */
  readonly signal?: AbortSignal;
  readonly retry?: RetryPolicy;
  /** Called after each committed batch. */
  readonly onBatch?: (metrics: Readonly<QueryMetrics>, batch: BatchProgress) => void;
  /** The sink (or the source's broker) failed and is tried again at `nextAttemptAt` (epoch ms). */
  readonly onRetry?: (error: Error, nextAttemptAt: number) => void;
  /** It answered again after `onRetry`. */
  readonly onRecovered?: () => void;
  /** Another process runs the query: this one waits for its lease (hot standby). */
  readonly onStandby?: () => void;
  /** The standby took the lease over and runs the query. */
  readonly onActive?: () => void;
  /** Every partition's committed position once the source has started: where lag is measured from. */
  readonly onStarted?: (positions: readonly SourceOffset[]) => void;
}

/**
 * A bounded run (AVAILABLE NOW) stops at the end offsets it saw at start; it
 * also stops after this many empty polls in a row (10 s), for the end offsets a
 * fetch never reaches, such as a transaction's closing marker.
 */
const IDLE_POLLS_TO_STOP = 20;
/**
 * Before the first record of the run, a fetch may simply not have come back yet
 * (a group join on a loaded machine): the bounded run waits longer (60 s) before
 * it takes the silence for a gap of control records.
 */
const IDLE_POLLS_BEFORE_FIRST_RECORD = 120;
const POLL_WAIT_MS = 500;
/**
 * The most records the first batch of a CONTINUOUS or AVAILABLE NOW run takes:
 * its code runs cold (decode, operators and the sink's writes took ~100 ms for a
 * first batch of 5,000 records, ~25 ms for 1,000), and a start is seen to work
 * when its first batch commits.
 */
const FIRST_BATCH_MAX_RECORDS = 1_000;
const DEAD_LETTER_LOG_LIMIT = 20;
/** How many of a batch's dead letters its progress names, for the console. */
const DEAD_LETTER_SAMPLES = 5;

/**
 * The micro-batch loop of one query: poll a batch, decode, run the operators,
 * write rows + offsets + operator state in one sink transaction, repeat. The
 * sink's stored offsets, not the consumer group, say where to resume.
 */
export class QueryRunner {
  readonly metrics: QueryMetrics = newMetrics();
  /** Rebuilt, with the committed state, when a batch loses the offsets fence. */
  private chain: OperatorChain;
  private readonly reorder: Reorder | undefined;
  private readonly split: ReturnType<typeof routeSplitter>;
  private readonly routeBuffers: ReturnType<typeof routeBuffers>;
  private readonly positions = new Map<string, SourceOffset>();
  private watermark = -Infinity;
  /** Entry sizes seen so far, from which progress estimates each operator's state bytes. */
  private readonly entrySizes = new EntrySizes();
  /** The source's reads during the run, retried through a broker outage. */
  private readonly reads: SourceReads;

  constructor(
    private readonly plan: SinkExec,
    private readonly opts: RunnerOptions,
  ) {
    this.chain = buildOperators(plan);
    this.reorder = upsertOrder(this.chain);
    this.split = routeSplitter(plan);
    this.routeBuffers = routeBuffers(plan);
    this.reads = retriedReads(opts.source, opts.retry ?? SINK_RETRY, (what, op, policy) => this.retrying(what, op, policy));
  }

  async run(): Promise<QueryMetrics> {
    const { source, sink, log } = this.opts;
    const trigger = this.plan.trigger;
    try {
      let early = this.opts.opening;
      const open = (): Promise<void> => {
        const attempt = early ?? sink.open();
        early = undefined;
        return attempt;
      };
      await this.retrying(`opening ${this.targetName()}`, open, atStart(this.opts.retry ?? SINK_RETRY));
      if (!(await this.becomeActive())) {
        await sink.close().catch(() => {});
        log.info(`query ${this.plan.queryId}: stopped while standing by; nothing was written`);
        return this.metrics;
      }
    } catch (e) {
      if (!(e instanceof StopRequested)) throw e;
      await sink.close().catch(() => {});
      log.info(`query ${this.plan.queryId}: ${e.message}; nothing was written`);
      return this.metrics;
    }
    try {
      // The broker may be down when the query starts (or k2o started first): RETRYING meanwhile, a few
      // attempts, as for opening the sink, since a broker never reached may be a wrong address.
      await this.retrying('reaching the source', () => source.endOffsets(), atStart(this.opts.retry ?? SINK_RETRY));
    } catch (e) {
      await sink.close().catch(() => {});
      if (!(e instanceof StopRequested)) throw e;
      log.info(`query ${this.plan.queryId}: ${e.message}; nothing was read`);
      return this.metrics;
    }
    try {
      const stored = await sink.readOffsets();
      for (const o of stored) this.positions.set(partitionKey(o.topic, o.partition), o);
      const state = await sink.readState();
      if (state) this.watermark = restoreState(this.chain, state, this.plan.queryId);
      // Every partition's position is known from the start, even one not read from yet:
      // a bounded run then sees that a partition it starts at the end of is done.
      for (const p of await source.start(stored, () => sink.readOffsets())) {
        const k = partitionKey(p.topic, p.partition);
        if (!this.positions.has(k)) this.positions.set(k, p);
      }
      this.opts.onStarted?.([...this.positions.values()]);
      try {
        // Bounded triggers stop at what the topics held at start (Spark's Trigger.Once and Trigger.AvailableNow).
        const end = trigger.kind === 'availableNow' || trigger.kind === 'once' ? await source.endOffsets() : undefined;
        log.info(
          `query ${this.plan.queryId}: started` +
            (stored.length > 0 ? ` from committed offsets ${stored.map((o) => `${o.topic}[${o.partition}]@${o.offset}`).join(', ')}` : '') +
            (end ? `; will stop at ${end.map((e) => `${e.topic}[${e.partition}]@${e.high}`).join(', ')}` : ''),
          { query: this.plan.queryId, event: 'started' },
        );
        await this.loopUntilStopped(end);
      } finally {
        await source.close();
      }
    } finally {
      await sink.close();
    }
    log.info(
      `query ${this.plan.queryId}: stopped after ${this.metrics.batches} batches, ${this.metrics.recordsIn} records in, ` +
        `${this.metrics.rowsOut} rows out, ${this.metrics.deadLetters} dead letters, ${this.metrics.lateRows} late rows`,
      {
        query: this.plan.queryId,
        event: 'stopped',
        batches: this.metrics.batches,
        recordsIn: this.metrics.recordsIn,
        rowsOut: this.metrics.rowsOut,
        deadLetters: this.metrics.deadLetters,
        lateRows: this.metrics.lateRows,
      },
    );
    return this.metrics;
  }

  /**
   * Hot standby: a second process of the query waits here, before it joins the
   * consumer group or reads offsets, until the active one is gone; then it
   * starts from what that one committed. False when stopped while waiting.
   */
  private async becomeActive(): Promise<boolean> {
    const { sink, log, signal } = this.opts;
    if (!sink.holdLease) return true;
    let stoodBy = false;
    const onStandby = () => {
      stoodBy = true;
      log.info(`query ${this.plan.queryId}: standing by: another process runs this query; taking over when it stops`);
      this.opts.onStandby?.();
    };
    const held = await this.retrying(`asking for the lease of query ${this.plan.queryId}`, () => sink.holdLease!(onStandby, signal));
    if (held && stoodBy) {
      log.info(`query ${this.plan.queryId}: taking over: the process that ran this query has stopped`);
      this.opts.onActive?.();
    }
    return held;
  }

  /** The loop, where a stop during a retry wait ends it cleanly: the failed batch rolled back, and a restart reads it again. */
  private async loopUntilStopped(end: readonly PartitionEnd[] | undefined): Promise<void> {
    try {
      await this.loop(end);
    } catch (e) {
      if (!(e instanceof StopRequested)) throw e;
      this.opts.log.info(
        `query ${this.plan.queryId}: ${e.message}; the batch in flight was not written, the next start resumes from the committed offsets`,
      );
    }
  }

  private async loop(end: readonly PartitionEnd[] | undefined): Promise<void> {
    const { signal } = this.opts;
    const trigger = this.plan.trigger;
    const max = this.plan.maxRecordsPerBatch;
    let idlePolls = 0;
    let polledAny = false;
    let nextStart = Date.now();
    while (!signal?.aborted) {
      if (end && this.reached(end)) return;
      if (trigger.kind === 'every') {
        await sleep(nextStart - Date.now(), signal);
        nextStart = Math.max(nextStart + trigger.millis, Date.now());
        if (signal?.aborted) return;
      }
      const fetchStarted = Date.now();
      const records = await this.nextRecords(max, end);
      if (records.length === 0) {
        idlePolls++;
        if (trigger.kind === 'once') return;
        const patience = polledAny ? IDLE_POLLS_TO_STOP : IDLE_POLLS_BEFORE_FIRST_RECORD;
        if (end && idlePolls >= patience) {
          this.opts.log.warn(
            `query ${this.plan.queryId}: no record for ${(patience * POLL_WAIT_MS) / 1000} s before the end offsets seen at start; stopping`,
          );
          return;
        }
        continue;
      }
      idlePolls = 0;
      polledAny = true;
      await this.runBatch(records, fetchStarted);
      if (trigger.kind === 'once') return;
    }
  }

  /**
   * The records of the next micro-batch, as each trigger takes them (docs/language.md, Triggers):
   * - CONTINUOUS, AVAILABLE NOW: what one poll returns, up to `max_records_per_batch` (the first batch of
   *   a run up to FIRST_BATCH_MAX_RECORDS);
   * - EVERY 'n': everything available when the interval starts, up to `max_records_per_batch`
   *   (Spark's ProcessingTime trigger with maxOffsetsPerTrigger);
   * - ONCE: everything up to the end offsets seen at start, whatever `max_records_per_batch`
   *   says, as one batch (Spark's Trigger.Once, which ignores rate limits too).
   */
  private async nextRecords(max: number, end: readonly PartitionEnd[] | undefined): Promise<SourceRecord[]> {
    const { signal } = this.opts;
    const common = { from: this.positions, pollWaitMs: POLL_WAIT_MS, ...(signal && { signal }) };
    switch (this.plan.trigger.kind) {
      case 'once':
        return collectUpTo(this.reads, end ?? [], { ...common, max: Infinity, cut: true, patience: IDLE_POLLS_TO_STOP });
      case 'every':
        return collectUpTo(this.reads, await this.reads.endOffsets(), { ...common, max, cut: false, patience: 1 });
      case 'continuous':
      case 'availableNow':
        return this.reads.poll(this.metrics.batches === 0 ? Math.min(max, FIRST_BATCH_MAX_RECORDS) : max, POLL_WAIT_MS);
    }
  }

  /** One micro-batch, committed atomically with its offsets and state. */
  private async runBatch(polled: SourceRecord[], fetchStarted: number): Promise<void> {
    const started = Date.now();
    const from = [...this.positions.values()];
    const { records, counts, ends, oldestRecordAt } = batchRecords(polled, this.positions);
    if (records.length === 0) return;
    const decoded = decodeRecords(records, this.chain.source, { queryId: this.plan.queryId, batchStartedAt: started });
    const { rows, partitions } = this.reorder ? this.reorder(decoded, records) : decoded;
    const deadLetters = decoded.deadLetters;
    const decodedAt = Date.now();
    const before = new Map(this.positions);
    for (const [k, end] of ends) this.positions.set(k, end);
    const pendingPartitions = new Set(this.opts.source.pendingPartitions().map((p) => partitionKey(p.topic, p.partition)));
    const ctx: BatchContext = {
      watermark: this.watermark,
      nextWatermark: this.watermark,
      sourcePartitions: partitions,
      pendingPartitions,
      lateRows: 0,
      ...this.routeBuffers(),
    };
    let out: Row[] = rows;
    for (const op of this.chain.operators) out = op.process(out, ctx);
    const { rows: batch, routed } = this.split(out, ctx);
    this.watermark = ctx.nextWatermark;
    const operated = Date.now();
    const offsets = [...this.positions.values()];
    const state = saveState(this.chain, this.watermark, this.entrySizes);
    // Dead letters commit with the offsets that move past their records: stored
    // exactly once, and a batch of nothing but dead letters still commits.
    const deadLetterRows = deadLetters.map((d) => deadLetterRow(d.record, d.reason));
    const what = `writing batch ${this.metrics.batches + 1} to ${this.targetName()}`;
    let refused = 0;
    try {
      const written = await this.retrying(what, () =>
        this.opts.sink.writeBatch(batch, offsets, state.commit, deadLetterRows, from, routed),
      );
      refused = written?.refusedRows ?? 0;
    } catch (err) {
      if (!(err instanceof BatchFencedError)) throw err;
      await this.resync(from, err);
      return;
    }
    const committed = Date.now();
    this.reportDeadLetters(deadLetters);
    if (!this.opts.sink.recordsLag)
      await this.opts.source
        .commitForLag(offsets)
        .catch((e: Error) => this.opts.log.warn(`consumer-group commit (lag monitoring only) failed: ${e.message}`));
    const m = this.metrics;
    m.batches++;
    m.recordsIn += records.length;
    m.rowsOut += batch.length - refused;
    m.deadLetters += deadLetters.length + refused;
    m.lateRows += ctx.lateRows;
    m.watermark = this.watermark;
    m.lastBatchMillis = Date.now() - started;
    if (refused > 0)
      this.opts.log.warn(
        `batch ${m.batches}: ${this.targetName()} refused ${refused} row${refused === 1 ? '' : 's'}, stored as dead letters with the database's reason; the other ${batch.length - refused} committed`,
      );
    if (ctx.lateRows > 0)
      this.opts.log.warn(
        `batch ${m.batches}: ${ctx.lateRows} late rows ${routed.late ? `(${routed.late.length} written to ${this.plan.routes.late?.target})` : 'dropped'} ` +
          `(their windows had closed; watermark ${new Date(this.watermark).toISOString()})`,
      );
    if (!this.opts.onBatch) return;
    this.opts.onBatch(m, {
      batchId: m.batches - 1,
      startedAt: fetchStarted,
      numInputRows: records.length,
      numOutputRows: batch.length - refused,
      numDeadLetters: deadLetters.length + refused,
      numLateRows: ctx.lateRows,
      watermark: this.watermark,
      oldestRecordAt,
      deadLetters: deadLetters.slice(0, DEAD_LETTER_SAMPLES).map((d) => ({ ...partitionOf(d.record), reason: d.reason })),
      durationMs: {
        fetch: started - fetchStarted,
        decode: decodedAt - started,
        operators: operated - decodedAt,
        commit: committed - operated,
        total: committed - fetchStarted,
      },
      stateOperators: stateFigures(this.chain, state.bytes),
      sources: partitionProgress(before, this.positions, counts),
    });
  }

  private targetName(): string {
    return this.plan.target.target ?? this.plan.target.connector;
  }

  /** The sink's calls (and the source's reads), retried by the policy; the options hear of each wait and of the recovery. */
  private async retrying<T>(what: string, op: () => Promise<T>, policy = this.opts.retry ?? SINK_RETRY): Promise<T> {
    let retried = false;
    const onRetry = (e: Error, delayMs: number) => {
      retried = true;
      this.metrics.sinkRetries++;
      this.opts.onRetry?.(e, Date.now() + delayMs);
    };
    const result = await withRetry(what, op, policy, this.opts.log, onRetry, this.opts.signal);
    if (retried) this.opts.onRecovered?.();
    return result;
  }

  /**
   * After a batch lost the offsets fence (another process of the query committed
   * since this one read the offsets): nothing of it was written. Goes back to
   * what is committed — offsets, and the operator state that matches them, in
   * place of this process's own — and seeks the source there, so the next batch
   * starts where the other process stopped. Partitions without a stored offset
   * go back to where the lost batch started.
   */
  private async resync(from: readonly SourceOffset[], fenced: BatchFencedError): Promise<void> {
    const { sink, source, log } = this.opts;
    log.warn(`${fenced.message}; nothing of the batch was written: going on from the committed offsets and state`);
    const stored = await this.retrying('reading the committed offsets', () => sink.readOffsets());
    const state = await this.retrying('reading the committed state', () => sink.readState());
    this.positions.clear();
    for (const o of [...from, ...stored]) this.positions.set(partitionKey(o.topic, o.partition), o);
    this.chain = buildOperators(this.plan);
    this.watermark = state ? restoreState(this.chain, state, this.plan.queryId) : -Infinity;
    this.metrics.watermark = this.watermark;
    await source.seek([...this.positions.values()]);
  }

  private reportDeadLetters(deadLetters: readonly DeadLetter[]): void {
    deadLetters.forEach((d, i) => {
      const n = this.metrics.deadLetters + i;
      if (n < DEAD_LETTER_LOG_LIMIT) {
        this.opts.log.warn(`skipped record ${d.record.topic}[${d.record.partition}]@${d.record.offset}: ${d.reason}`);
      } else if (n === DEAD_LETTER_LOG_LIMIT) {
        this.opts.log.warn('more records skipped; further ones are only counted');
      }
    });
  }

  private reached(end: readonly PartitionEnd[]): boolean {
    return end.every((e) => {
      if (BigInt(e.high) <= BigInt(e.low)) return true;
      const pos = this.positions.get(partitionKey(e.topic, e.partition));
      return pos !== undefined && BigInt(pos.offset) >= BigInt(e.high);
    });
  }
}
