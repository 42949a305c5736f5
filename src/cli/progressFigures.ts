import type { Query } from '../engine/index.js';

/** What the progress line says of one query at one tick. */
export interface ProgressFigures {
  readonly query: string;
  readonly state: string;
  /** Since the previous tick, so an idle query shows 0. */
  readonly inPerSecond: number;
  readonly outPerSecond: number;
  readonly batchMs: number | null;
  readonly watermark: string | null;
  readonly lag: number | null;
  readonly recordsIn: number;
  readonly rowsOut: number;
  readonly deadLetters: number;
  readonly lateRows: number;
}

/** Turns totals into rates between ticks, per query. */
export class ProgressRates {
  private readonly previous = new Map<Query, { at: number; recordsIn: number; rowsOut: number }>();

  figures(query: Query, now = Date.now()): ProgressFigures {
    const last = query.progress();
    const totals = last?.totals;
    const recordsIn = totals?.numInputRows ?? 0;
    const rowsOut = totals?.numOutputRows ?? 0;
    const before = this.previous.get(query);
    this.previous.set(query, { at: now, recordsIn, rowsOut });
    const seconds = before ? (now - before.at) / 1000 : 0;
    const rate = (n: number, was: number | undefined) => (seconds > 0 && was !== undefined ? (n - was) / seconds : 0);
    const lag = query.lag();
    return {
      query: query.id,
      state: query.status().state,
      inPerSecond: rate(recordsIn, before?.recordsIn),
      outPerSecond: rate(rowsOut, before?.rowsOut),
      batchMs: last?.durationMs.total ?? null,
      watermark: last?.eventTime.watermark ?? null,
      lag: lag ? lag.partitions.reduce((n, p) => n + p.lag, 0) : null,
      recordsIn,
      rowsOut,
      deadLetters: totals?.numDeadLetters ?? 0,
      lateRows: totals?.numLateRows ?? 0,
    };
  }
}

/** `orders RUNNING | in 1,200/s out 1,180/s | batch 42 ms | watermark … | lag 0 | 0 dead letters | 0 late rows` */
export function progressText(f: ProgressFigures): string {
  const n = (x: number) => Math.round(x).toLocaleString('en');
  return [
    `${f.query} ${f.state}`,
    `in ${n(f.inPerSecond)}/s out ${n(f.outPerSecond)}/s (${n(f.recordsIn)} in, ${n(f.rowsOut)} out)`,
    `batch ${f.batchMs === null ? '–' : `${n(f.batchMs)} ms`}`,
    `watermark ${f.watermark ?? 'none yet'}`,
    `lag ${f.lag === null ? '–' : n(f.lag)}`,
    `${n(f.deadLetters)} dead letters`,
    `${n(f.lateRows)} late rows`,
  ].join(' | ');
}
