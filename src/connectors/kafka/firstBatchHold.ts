import { partitionKey } from '../../runtime/ports/partitionKey.js';
import type { PartitionEnd } from '../../runtime/ports/Source.js';

/** The partitions a source holds back at start, and the one it reads first. */
export interface FirstBatchHold {
  /** partitionKey of the partition with the largest backlog. */
  readonly lead: string;
  readonly held: Map<string, { topic: string; partition: number }>;
}

/**
 * What a source holds back at start, so that its first batch commits soon:
 * every partition but the one with the largest backlog (the lead), when any
 * has a backlog; undefined when none has (nothing to wait for).
 *
 * kafkajs decodes a whole fetch response before it delivers any record of it,
 * and a first fetch of every partition of a backlog (up to 1 MB each) kept the
 * first batch waiting about 150 ms for records it could not take anyway; the
 * next fetch, decoded while the first batch was being written, delayed its
 * commit as much again. So until the runner has taken a first batch, the
 * source fetches once, from the lead alone.
 */
export function holdForFirstBatch(ends: readonly PartitionEnd[], start: ReadonlyMap<string, bigint>): FirstBatchHold | undefined {
  let lead: PartitionEnd | undefined;
  let leadBacklog = 0n;
  for (const e of ends) {
    const backlog = BigInt(e.high) - (start.get(partitionKey(e.topic, e.partition)) ?? BigInt(e.high));
    if (backlog > leadBacklog) {
      lead = e;
      leadBacklog = backlog;
    }
  }
  if (lead === undefined) return undefined;
  const held = new Map(
    ends.filter((e) => e !== lead).map((e) => [partitionKey(e.topic, e.partition), { topic: e.topic, partition: e.partition }]),
  );
  return { lead: partitionKey(lead.topic, lead.partition), held };
}
