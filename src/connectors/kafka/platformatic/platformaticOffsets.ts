import type { Consumer } from '@platformatic/kafka';
import { partitionKey } from '../../../runtime/ports/partitionKey.js';
import type { PartitionEnd } from '../../../runtime/ports/Source.js';

/** ListOffsets' special times (the client's ListOffsetTimestamps). */
const EARLIEST = -2n;
const LATEST = -1n;

/**
 * Every partition's offset range, as fetchPartitionEnds gives it from kafkajs's
 * admin: `high` is the end a consumer of this isolation level reads up to
 * (the last stable offset under read_committed).
 */
export async function partitionEnds(consumer: Consumer, topics: readonly string[], isolationLevel: number): Promise<PartitionEnd[]> {
  if (topics.length === 0) return [];
  const [low, high] = await Promise.all([
    consumer.listOffsets({ topics: [...topics], timestamp: EARLIEST, isolationLevel }),
    consumer.listOffsets({ topics: [...topics], timestamp: LATEST, isolationLevel }),
  ]);
  const ends: PartitionEnd[] = [];
  for (const topic of topics) {
    const highs = high.get(topic) ?? [];
    const lows = low.get(topic) ?? [];
    highs.forEach((h, partition) => ends.push({ topic, partition, low: String(lows[partition] ?? 0n), high: String(h) }));
  }
  return ends;
}

/**
 * Each partition's first offset whose record timestamp is at or after
 * `timestamp`; a partition without such a record gets its log end, as
 * fetchTimestampOffsets does (Spark's `startingOffsetsByTimestampStrategy = latest`).
 */
export async function timestampOffsets(consumer: Consumer, ends: readonly PartitionEnd[], timestamp: number): Promise<Map<string, bigint>> {
  const topics = [...new Set(ends.map((e) => e.topic))];
  const out = new Map<string, bigint>();
  if (topics.length === 0) return out;
  const found = await consumer.listOffsets({ topics, timestamp: BigInt(timestamp) });
  for (const e of ends) {
    const offset = found.get(e.topic)?.[e.partition];
    out.set(partitionKey(e.topic, e.partition), offset !== undefined && offset >= 0n ? offset : BigInt(e.high));
  }
  return out;
}
