import type { InsertMode } from '../../core/specs.js';
import { inDatabaseCopy } from '../../plan/physical/inDatabaseCopy.js';
import { sourceOf, type SinkExec } from '../../plan/physical/PhysicalPlan.js';
import { buildOperators } from '../buildOperators.js';
import type { CopyOutcome, CopyTarget } from '../ports/CopyTarget.js';
import type { TableSource } from '../ports/TableSource.js';
import { newMetrics, type QueryMetrics } from '../QueryMetrics.js';
import { batchOutput, BatchStopped, type BatchChunk } from './batchOutput.js';
import { chunkProgress } from './batchProgress.js';
import type { BatchRunnerOptions } from './BatchReadRunner.js';

/**
 * `INSERT INTO t SELECT … FROM s MODE …`: a batch copy, all or nothing in one
 * transaction of the target (CopyTarget). When the target's database can run
 * the whole SELECT (inDatabaseCopy.ts), it does, as one INSERT … SELECT;
 * otherwise the rows stream from the source through k2o's operators into that
 * transaction a micro-batch at a time. A stop rolls the copy back. A rerun runs
 * the copy again from the start, as a rerun of a Spark batch job does: with
 * OVERWRITE it gives the same table, with APPEND the rows twice, with IGNORE or
 * ERROR nothing (or a failure) once the first run has committed.
 */
export class BatchCopyRunner {
  readonly metrics: QueryMetrics = newMetrics();

  constructor(
    private readonly plan: SinkExec,
    /** Opened only when the copy streams through k2o. */
    private readonly source: () => Promise<TableSource>,
    private readonly target: CopyTarget,
    private readonly opts: BatchRunnerOptions,
  ) {}

  async run(): Promise<QueryMetrics> {
    const { plan, target, opts } = this;
    const mode = plan.target.mode as InsertMode;
    const into = plan.target.target ?? plan.target.connector;
    const from = sourceOf(plan).source.name;
    const within = inDatabaseCopy(plan);
    const started = Date.now();
    let outcome: CopyOutcome;
    try {
      try {
        if (within) {
          opts.log.info(
            `query ${plan.queryId}: copying ${from} into ${into} (MODE ${mode.toUpperCase()}) inside the database, as one INSERT … SELECT`,
          );
          outcome = await target.copyWithin(mode, within);
          if (outcome.kind === 'copied')
            this.committed(
              { inputRows: outcome.rows, rows: [], routed: {}, startedAt: started, fetchMs: 0, operatorsMs: 0 },
              outcome.rows,
              from,
            );
        } else {
          opts.log.info(`query ${plan.queryId}: copying ${from} into ${into} (MODE ${mode.toUpperCase()}) through k2o, in one transaction`);
          outcome = await this.stream(mode, from);
        }
      } catch (e) {
        if (!(e instanceof BatchStopped)) throw e;
        opts.log.info(`query ${plan.queryId}: ${e.message}; the copy was rolled back, ${into} is as it was`);
        return this.metrics;
      }
    } finally {
      await target.close();
    }
    opts.log.info(
      outcome.kind === 'ignored'
        ? `query ${plan.queryId}: ${into} already has rows; MODE IGNORE copied nothing`
        : `query ${plan.queryId}: copied ${outcome.rows} rows into ${into}`,
    );
    return this.metrics;
  }

  private async stream(mode: InsertMode, from: string): Promise<CopyOutcome> {
    const { plan, opts } = this;
    const source = await this.source();
    await source.open();
    const chain = buildOperators(plan);
    const options = { maxRows: plan.maxRecordsPerBatch, queryId: plan.queryId, ...(opts.signal && { signal: opts.signal }) };
    // Figures of the micro-batch in flight: reported once the target has taken its rows.
    let chunk: BatchChunk | undefined;
    const chunks = async function* () {
      for await (const c of batchOutput(source, chain, options)) {
        chunk = c;
        yield c;
      }
    };
    try {
      return await this.target.copyRows(mode, chunks(), (rows) => chunk && this.committed(chunk, rows, from));
    } finally {
      await source.close();
    }
  }

  /** Progress of rows in the copy's transaction: "committed" to it, visible to others at the copy's commit. */
  private committed(chunk: BatchChunk, rows: number, from: string): void {
    const m = this.metrics;
    m.batches++;
    m.recordsIn += chunk.inputRows;
    m.rowsOut += rows;
    this.opts.onBatch?.(m, chunkProgress(m, from, chunk, rows, Date.now()));
  }
}
