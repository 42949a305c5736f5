import type { DeadLetterSample, LagSample, Query, QueryProgress } from '../engine/index.js';
import { explainQuery } from '../explain.js';
import { redactSecrets } from '../runtime/redactSecrets.js';

/** How many batches the throughput sparkline shows. */
const SPARKLINE_BATCHES = 60;

export interface ErrorEntry {
  /** ISO 8601. */
  readonly at: string;
  readonly state: string;
  readonly message: string;
}

/** One query as `/api/queries` returns it (docs/monitoring.md). */
export interface QueryView {
  readonly id: string;
  readonly runId: string;
  readonly state: string;
  /** Why the query is RETRYING or FAILED. */
  readonly error?: string;
  readonly text: string;
  readonly plan: string;
  readonly totals?: QueryProgress['totals'];
  readonly lastBatch?: Pick<
    QueryProgress,
    | 'batchId'
    | 'timestamp'
    | 'numInputRows'
    | 'numOutputRows'
    | 'inputRowsPerSecond'
    | 'processedRowsPerSecond'
    | 'durationMs'
    | 'endToEndLatencyMs'
  >;
  readonly watermark?: string;
  readonly lag?: LagSample & { readonly total: number };
  /** The last batches, oldest first: when each began and its input rate. */
  readonly throughput: readonly { readonly at: string; readonly rows: number; readonly rowsPerSecond: number }[];
  readonly errors: readonly ErrorEntry[];
  readonly deadLetters: readonly DeadLetterSample[];
}

/** What the console and `/api/queries` show of a query, secrets redacted. */
export function queryView(query: Query, text: string, errors: readonly ErrorEntry[]): QueryView {
  const status = query.status();
  const recent = query.recentProgress();
  const last = recent[recent.length - 1];
  const lag = query.lag();
  return {
    id: query.id,
    runId: query.runId,
    state: status.state,
    ...('error' in status && { error: redactSecrets(status.error.message) }),
    text,
    plan: explainQuery(query.compiled),
    ...(last && {
      totals: last.totals,
      lastBatch: {
        batchId: last.batchId,
        timestamp: last.timestamp,
        numInputRows: last.numInputRows,
        numOutputRows: last.numOutputRows,
        inputRowsPerSecond: last.inputRowsPerSecond,
        processedRowsPerSecond: last.processedRowsPerSecond,
        durationMs: last.durationMs,
        endToEndLatencyMs: last.endToEndLatencyMs,
      },
    }),
    ...(last?.eventTime.watermark && { watermark: last.eventTime.watermark }),
    ...(lag && { lag: { ...lag, total: lag.partitions.reduce((n, p) => n + p.lag, 0) } }),
    throughput: recent
      .slice(-SPARKLINE_BATCHES)
      .map((p) => ({ at: p.timestamp, rows: p.numInputRows, rowsPerSecond: p.inputRowsPerSecond })),
    errors,
    deadLetters: query.recentDeadLetters().map((d) => ({ ...d, reason: redactSecrets(d.reason) })),
  };
}
