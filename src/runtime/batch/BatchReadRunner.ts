import { sourceOf, type SinkExec } from '../../plan/physical/PhysicalPlan.js';
import type { BatchProgress } from '../BatchProgress.js';
import { buildOperators } from '../buildOperators.js';
import type { Logger } from '../Logger.js';
import type { Sink } from '../ports/Sink.js';
import type { TableSource } from '../ports/TableSource.js';
import { newMetrics, type QueryMetrics } from '../QueryMetrics.js';
import { batchOutput, BatchStopped } from './batchOutput.js';
import { chunkProgress } from './batchProgress.js';

export interface BatchRunnerOptions {
  readonly log: Logger;
  /** Aborting ends the run after the micro-batch in flight. */
  readonly signal?: AbortSignal;
  /** Called after each committed micro-batch. */
  readonly onBatch?: (metrics: Readonly<QueryMetrics>, batch: BatchProgress) => void;
}

/**
 * `SELECT … FROM POSTGRES|ORACLE t … INTO CONSOLE`: a batch query (Spark's
 * batch read: a one-shot job) into a target without tables. The table is read
 * a micro-batch at a time through the same operators as a stream, and the sink
 * takes each micro-batch's output as it comes (without offsets: a table read
 * has none to resume from). A rerun reads the whole table again. Into a table,
 * a batch query is a copy (BatchCopyRunner): all or nothing.
 */
export class BatchReadRunner {
  readonly metrics: QueryMetrics = newMetrics();

  constructor(
    private readonly plan: SinkExec,
    private readonly source: TableSource,
    private readonly sink: Sink,
    private readonly opts: BatchRunnerOptions,
  ) {}

  async run(): Promise<QueryMetrics> {
    const { plan, source, sink, opts } = this;
    const m = this.metrics;
    const table = sourceOf(plan).source.name;
    await sink.open();
    try {
      await source.open();
      opts.log.info(`query ${plan.queryId}: reading table ${table}`);
      const chain = buildOperators(plan);
      const options = { maxRows: plan.maxRecordsPerBatch, queryId: plan.queryId, ...(opts.signal && { signal: opts.signal }) };
      for await (const chunk of batchOutput(source, chain, options)) {
        if (chunk.inputRows === 0 && chunk.rows.length === 0) continue;
        // A final pass may emit more rows than a batch holds (every group at once): written in batch-sized parts.
        for (let i = 0; i === 0 || i < chunk.rows.length; i += plan.maxRecordsPerBatch)
          await sink.writeBatch(
            chunk.rows.slice(i, i + plan.maxRecordsPerBatch),
            [],
            undefined,
            [],
            undefined,
            i === 0 ? chunk.routed : {},
          );
        m.batches++;
        m.recordsIn += chunk.inputRows;
        m.rowsOut += chunk.rows.length;
        opts.onBatch?.(m, chunkProgress(m, table, chunk, chunk.rows.length, Date.now()));
      }
      opts.log.info(`query ${plan.queryId}: read ${m.recordsIn} rows of ${table} in ${m.batches} batches, wrote ${m.rowsOut} rows`);
    } catch (e) {
      if (!(e instanceof BatchStopped)) throw e;
      opts.log.info(`query ${plan.queryId}: ${e.message}; ${m.batches} batches (${m.rowsOut} rows) were written`);
    } finally {
      await source.close();
      await sink.close();
    }
    return m;
  }
}
