import { runTask } from '../child/runTask.js';
import { s1Query } from '../queries.js';
import type { BenchContext, Result, Scenario } from '../Scenario.js';
import type { InsertMethod } from '../tasks/insertRows.js';

/** Rows per transaction: a query's default max_records_per_batch. */
const BATCH_ROWS = 10_000;

/** A sink insert limit: S1-shaped rows into a fresh table, a transaction per 10,000 rows. */
function insertLimit(id: string, title: string, method: InsertMethod): Scenario {
  return {
    id,
    async run(ctx: BenchContext): Promise<Result[]> {
      ctx.progress(`${id} ${title}`);
      const table = `bench_${id.toLowerCase()}`;
      const { value: v, peakRssMb } = await runTask('insertRows', {
        postgresUrl: ctx.postgresUrl,
        method,
        table,
        query: s1Query('unused', table, 'AVAILABLE NOW'),
        rows: ctx.options.sinkRows,
        batchRows: BATCH_ROWS,
      });
      return [{ id, title, records: v.rows, seconds: v.seconds, rate: v.rate, peakRssMb, note: 'rows/s' }];
    },
  };
}

/** L7–L10: the pg driver alone three ways, then k2o's PostgresSink (which adds offsets and state to each transaction), by COPY and (L10i) by INSERT. */
export const sinkLimits: readonly Scenario[] = [
  insertLimit('L7', 'pg COPY FROM STDIN (pg-copy-streams)', 'copy'),
  insertLimit('L7b', 'pg COPY FROM STDIN binary (k2o encoding)', 'copy-binary'),
  insertLimit('L8', 'pg multi-row INSERT … VALUES', 'multirow'),
  insertLimit('L9', 'pg INSERT … SELECT FROM unnest (k2o SQL)', 'unnest'),
  insertLimit('L10', 'k2o PostgresSink.writeBatch (COPY)', 'sink'),
  insertLimit('L10i', 'k2o PostgresSink.writeBatch by INSERT (before COPY)', 'sink-insert'),
];
