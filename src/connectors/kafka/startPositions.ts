import { partitionKey } from '../../runtime/ports/partitionKey.js';
import type { SourceOffset } from '../../runtime/ports/Sink.js';
import type { PartitionEnd } from '../../runtime/ports/Source.js';

export interface StartPositionQuery {
  readonly startingOffsets: 'earliest' | 'latest';
  /** Offsets stored by the sink with its rows. */
  readonly from: readonly SourceOffset[];
}

/**
 * The next offset to read for every partition in `ends`: the sink's stored
 * offset (DESIGN §3), else the log start ('earliest') or end ('latest') as of
 * now. The consumer group's commits are never read: they serve lag monitoring
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
    positions.set(key, stored.get(key) ?? BigInt(q.startingOffsets === 'earliest' ? e.low : e.high));
  }
  return positions;
}
