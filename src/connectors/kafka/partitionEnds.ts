import type { Admin } from 'kafkajs';

/** The offset range a partition holds right now. */
export interface PartitionEnds {
  readonly topic: string;
  readonly partition: number;
  /** First offset still in the log. */
  readonly low: string;
  /** Offset the next produced record will get. */
  readonly high: string;
}

/** Looking a topic up also creates it where the broker auto-creates topics. */
export async function fetchPartitionEnds(admin: Admin, topics: readonly string[]): Promise<PartitionEnds[]> {
  const ends: PartitionEnds[] = [];
  for (const topic of topics) {
    for (const p of await admin.fetchTopicOffsets(topic)) {
      ends.push({ topic, partition: p.partition, low: p.low, high: p.high });
    }
  }
  return ends;
}
