import type { Kafka } from 'kafkajs';
import type { SourceOffset } from '../Sink.js';
import { withAdmin } from './kafkaClient.js';
import { fetchPartitionEnds } from './partitionEnds.js';
import { partitionKey } from '../partitionKey.js';

export interface StartPositionQuery {
  readonly topics: readonly string[];
  readonly startingOffsets: 'earliest' | 'latest';
  /** Offsets stored by the sink with its rows. */
  readonly from: readonly SourceOffset[];
}

/**
 * The next offset to read for every partition of `topics`: the sink's stored
 * offset (DESIGN §3), else the log start ('earliest') or end ('latest') as of
 * now. The consumer group's commits are never read: they serve lag monitoring
 * only, and a sink whose table was dropped must not resume where the group was. Fixing 'latest' here, before
 * the consumer runs, is what makes "records produced after start() are read" hold:
 * kafkajs would look it up lazily at its first fetch.
 */
export async function resolveStartPositions(kafka: Kafka, q: StartPositionQuery): Promise<Map<string, bigint>> {
  const stored = new Map(q.from.map((o) => [partitionKey(o.topic, o.partition), BigInt(o.offset)]));
  return withAdmin(kafka, async (admin) => {
    const ends = await fetchPartitionEnds(admin, q.topics);
    const positions = new Map<string, bigint>();
    for (const e of ends) {
      const key = partitionKey(e.topic, e.partition);
      const fallback = BigInt(q.startingOffsets === 'earliest' ? e.low : e.high);
      positions.set(key, stored.get(key) ?? fallback);
    }
    return positions;
  });
}
