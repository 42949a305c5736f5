import type { Row } from '../../core/Schema.js';
import type { OperatorChain } from '../buildOperators.js';
import type { BatchContext } from '../exec/Operator.js';
import type { RoutedRows } from '../ports/Sink.js';
import type { TableSource } from '../ports/TableSource.js';
import { routeBuffers, routeSplitter } from '../routes/routeRows.js';

/** A stop (Query.stop(), SIGINT/SIGTERM) asked between micro-batches. */
export class BatchStopped extends Error {
  constructor() {
    super('stopped before the table was read to its end');
  }
}

/** One micro-batch of a batch query: the table rows it read and what the operators made of them. */
export interface BatchChunk {
  readonly inputRows: number;
  readonly rows: Row[];
  /** The rows of the query's routes (FAILED ROWS INTO), taken out of `rows`. */
  readonly routed: RoutedRows;
  readonly startedAt: number;
  readonly fetchMs: number;
  readonly operatorsMs: number;
}

export interface BatchOutputOptions {
  readonly maxRows: number;
  readonly queryId: string;
  readonly signal?: AbortSignal;
}

/**
 * A batch query's output, a micro-batch at a time: up to `maxRows` table rows
 * through the operators, then, once the table is read, one last pass with the
 * watermark at +∞. That pass is the end of a bounded input: every window and
 * group is final and emitted (Spark's batch aggregation emits each group once,
 * when its input ends). A stop between micro-batches ends the generator with
 * BatchStopped.
 */
export async function* batchOutput(source: TableSource, chain: OperatorChain, opts: BatchOutputOptions): AsyncGenerator<BatchChunk> {
  const fill = metadataFiller(chain, opts.queryId);
  const split = routeSplitter(chain.sink);
  const buffers = routeBuffers(chain.sink);
  const table = `table:${chain.source.source.name}`;
  for (;;) {
    if (opts.signal?.aborted) throw new BatchStopped();
    const startedAt = Date.now();
    const read = await source.next(opts.maxRows);
    const fetched = Date.now();
    const done = read.length === 0;
    const ctx: BatchContext = {
      watermark: -Infinity,
      nextWatermark: done ? Infinity : -Infinity,
      sourcePartitions: new Array<string>(read.length).fill(table),
      pendingPartitions: new Set(),
      lateRows: 0,
      ...buffers(),
    };
    let out = read.map((r) => fill(r, startedAt));
    for (const op of chain.operators) out = op.process(out, ctx);
    const { rows, routed } = split(out, ctx);
    yield { inputRows: read.length, rows, routed, startedAt, fetchMs: fetched - startedAt, operatorsMs: Date.now() - fetched };
    if (done) return;
  }
}

/** The processing metadata columns (processed_at, pipeline_name, processing_date) of the scan, filled around the table's own columns. */
function metadataFiller(chain: OperatorChain, queryId: string): (row: Row, batchStartedAt: number) => Row {
  const schema = chain.source.schema;
  if (!schema.some((c) => c.metadata)) return (row) => row;
  return (row, at) => {
    const out: Row = new Array(schema.length);
    let next = 0;
    for (let i = 0; i < schema.length; i++) {
      const c = schema[i]!;
      if (!c.metadata) out[i] = row[next++];
      else if (c.name === 'processed_at') out[i] = at;
      else if (c.name === 'pipeline_name') out[i] = queryId;
      else if (c.name === 'processing_date') out[i] = new Date(at).toISOString().slice(0, 10);
      else throw new Error(`internal: metadata column ${c.name} of a table read`);
    }
    return out;
  };
}
