import { partitionKey } from './ports/partitionKey.js';
import type { SourceOffset } from './ports/Sink.js';
import type { PartitionEnd, Source, SourceRecord } from './ports/Source.js';

export interface CollectOptions {
  /** Where each partition stands before this batch: the next offset to read. */
  readonly from: ReadonlyMap<string, SourceOffset>;
  /** At most this many records (Infinity: no limit). */
  readonly max: number;
  /** Drop records at or past `end` instead of taking them (ONCE stops at what was there at start). */
  readonly cut: boolean;
  /** How long one poll waits for a record. */
  readonly pollWaitMs: number;
  /** How many polls in a row may come back empty before the collection ends with what it has. */
  readonly patience: number;
  readonly signal?: AbortSignal;
}

/**
 * Polls until every partition has reached `end` (the offsets of records
 * available at one moment), `max` records are collected, or `patience` polls in
 * a row come back empty: a fetch may never reach an end that is a transaction's
 * closing marker, and a trigger must not wait for it forever.
 */
export async function collectUpTo(
  source: Pick<Source, 'poll'>,
  end: readonly PartitionEnd[],
  opts: CollectOptions,
): Promise<SourceRecord[]> {
  const high = new Map(end.map((e) => [partitionKey(e.topic, e.partition), BigInt(e.high)]));
  const next = new Map([...opts.from].map(([k, o]) => [k, BigInt(o.offset)]));
  const done = () =>
    end.every((e) => BigInt(e.high) <= BigInt(e.low) || (next.get(partitionKey(e.topic, e.partition)) ?? 0n) >= BigInt(e.high));
  const records: SourceRecord[] = [];
  let empty = 0;
  while (records.length < opts.max && !done() && !opts.signal?.aborted) {
    const polled = await source.poll(Math.min(opts.max - records.length, Number.MAX_SAFE_INTEGER), opts.pollWaitMs);
    if (polled.length === 0) {
      if (++empty >= opts.patience) break;
      continue;
    }
    empty = 0;
    for (const r of polled) {
      const key = partitionKey(r.topic, r.partition);
      const offset = BigInt(r.offset);
      const limit = high.get(key);
      if (opts.cut && (limit === undefined || offset >= limit)) continue;
      // A source that sought back (a rebalance gave a partition back) delivers records already collected.
      const at = next.get(key);
      if (at !== undefined && offset < at) continue;
      records.push(r);
      next.set(key, offset + 1n);
    }
  }
  return records;
}
