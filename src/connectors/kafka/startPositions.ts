import type { Admin } from 'kafkajs';
import { partitionKey } from '../../runtime/ports/partitionKey.js';
import type { SourceOffset } from '../../runtime/ports/Sink.js';
import type { PartitionEnd } from '../../runtime/ports/Source.js';
import type { PartitionStart, StartingOffsets } from '../../core/SourceDef.js';

export interface StartPositionQuery {
  readonly startingOffsets: StartingOffsets;
  /** Offsets stored by the sink with its rows. */
  readonly from: readonly SourceOffset[];
  /** For a timestamp start: each partition's first offset at or after it (fetchTimestampOffsets). */
  readonly atTime?: ReadonlyMap<string, bigint>;
}

/**
 * The next offset to read for every partition in `ends`: the sink's stored
 * offset (DESIGN §3), else where `startingOffsets` says as of now — the log
 * start ('earliest') or end ('latest'), the broker's offset for a time, or the
 * offset given for the partition (a partition not given starts at the earliest,
 * as Spark starts partitions it discovers). A given offset outside the log is
 * brought inside it: below the start is the start, past the end is the end.
 * The consumer group's commits are never read: they serve lag monitoring
 * only, and a sink whose table was dropped must not resume where the group was.
 * Fixing 'latest' from `ends` fetched before the consumer runs is what makes
 * "records produced after start() are read" hold: kafkajs would look it up lazily
 * at its first fetch.
 */
export function resolveStartPositions(ends: readonly PartitionEnd[], q: StartPositionQuery): Map<string, bigint> {
  const stored = new Map(q.from.map((o) => [partitionKey(o.topic, o.partition), BigInt(o.offset)]));
  const positions = new Map<string, bigint>();
  for (const e of ends) {
    const key = partitionKey(e.topic, e.partition);
    positions.set(key, stored.get(key) ?? startOf(e, q));
  }
  return positions;
}

function startOf(e: PartitionEnd, q: StartPositionQuery): bigint {
  const s = q.startingOffsets;
  const low = BigInt(e.low);
  const high = BigInt(e.high);
  const at = (p: PartitionStart): bigint => {
    if (p === 'earliest') return low;
    if (p === 'latest') return high;
    const o = BigInt(p);
    return o < low ? low : o > high ? high : o;
  };
  if (typeof s === 'string') return at(s);
  if ('timestamp' in s) return q.atTime?.get(partitionKey(e.topic, e.partition)) ?? high;
  return at(s.offsets[e.topic]?.[String(e.partition)] ?? 'earliest');
}

/**
 * Each partition's first offset whose record timestamp is at or after
 * `timestamp` (the broker's ListOffsets by time); a partition with no such
 * record gets its log end, so it reads what is produced from now on (Spark's
 * `startingOffsetsByTimestampStrategy = latest`).
 */
export async function fetchTimestampOffsets(admin: Admin, topics: readonly string[], timestamp: number): Promise<Map<string, bigint>> {
  const out = new Map<string, bigint>();
  for (const topic of topics) {
    for (const p of await admin.fetchTopicOffsetsByTimestamp(topic, timestamp)) out.set(partitionKey(topic, p.partition), BigInt(p.offset));
  }
  return out;
}
