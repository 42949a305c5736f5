import type { InferredColumn } from './inferColumns.js';

/** How much a name says "when it happened", higher is likelier. */
function score(name: string): number {
  const n = name.toLowerCase();
  if (['ts', 'timestamp', 'event_time', 'eventtime', 'event_ts', 'event_timestamp'].includes(n)) return 3;
  // snake_case or camelCase: paid_at, createdAt, event_time, eventTime.
  if (/(_at|_time|_ts|_timestamp)$/.test(n) || /[a-z](At|Time)$/.test(name)) return 2;
  if (/time|date/.test(n)) return 1;
  return 0;
}

/**
 * The TIMESTAMP column a WATERMARK most likely belongs on: the best-named one
 * (ts, timestamp, event_time, then *_at, *_time, …), NOT NULL before nullable,
 * the first on a tie; a TIMESTAMP with no telling name only when it is the one.
 */
export function eventTimeColumn(columns: readonly InferredColumn[]): InferredColumn | undefined {
  const candidates = columns.filter((c) => c.type === 'TIMESTAMP');
  let best: InferredColumn | undefined;
  let bestScore = -1;
  for (const c of candidates) {
    const s = score(c.field) * 2 + (c.notNull ? 1 : 0);
    if (s > bestScore) {
      best = c;
      bestScore = s;
    }
  }
  if (best && score(best.field) === 0 && candidates.length > 1) return undefined;
  return best;
}
