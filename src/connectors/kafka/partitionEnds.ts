import type { Admin } from 'kafkajs';
import type { PartitionEnd } from '../../runtime/ports/Source.js';

/** Looking a topic up also creates it where the broker auto-creates topics. */
export async function fetchPartitionEnds(admin: Admin, topics: readonly string[]): Promise<PartitionEnd[]> {
  const ends: PartitionEnd[] = [];
  for (const topic of topics) {
    for (const p of await admin.fetchTopicOffsets(topic)) {
      ends.push({ topic, partition: p.partition, low: p.low, high: p.high });
    }
  }
  return ends;
}
