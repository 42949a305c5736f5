import type { Kafka } from 'kafkajs';
import type { SourceOffset } from '../Sink.js';
import { withAdmin } from './kafkaClient.js';
import { fetchPartitionEnds } from './partitionEnds.js';
import { partitionKey } from './partitionKey.js';
import { retryRetriable } from './retryRetriable.js';

export interface StartPositionQuery {
  readonly topics: readonly string[];
  readonly groupId: string;
  readonly startingOffsets: 'earliest' | 'latest';
  /** Offsets stored by the sink with its rows. */
  readonly from: readonly SourceOffset[];
}

/**
 * The next offset to read for every partition of `topics`, by precedence: the
 * sink's stored offset (DESIGN §3), else the group's committed offset, else the
 * log start ('earliest') or end ('latest') as of now. Fixing 'latest' here, before
 * the consumer runs, is what makes "records produced after start() are read" hold:
 * kafkajs would look it up lazily at its first fetch.
 */
export async function resolveStartPositions(kafka: Kafka, q: StartPositionQuery): Promise<Map<string, bigint>> {
  const stored = new Map(q.from.map((o) => [partitionKey(o.topic, o.partition), BigInt(o.offset)]));
  return withAdmin(kafka, async (admin) => {
    const ends = await fetchPartitionEnds(admin, q.topics);
    const committed = new Map<string, bigint>();
    const groupOffsets = await retryRetriable(() => admin.fetchOffsets({ groupId: q.groupId, topics: [...q.topics] }));
    for (const t of groupOffsets) {
      for (const p of t.partitions) {
        // kafkajs reports "no committed offset" as -1.
        if (BigInt(p.offset) >= 0n) committed.set(partitionKey(t.topic, p.partition), BigInt(p.offset));
      }
    }
    const positions = new Map<string, bigint>();
    for (const e of ends) {
      const key = partitionKey(e.topic, e.partition);
      const fallback = BigInt(q.startingOffsets === 'earliest' ? e.low : e.high);
      positions.set(key, stored.get(key) ?? committed.get(key) ?? fallback);
    }
    return positions;
  });
}
