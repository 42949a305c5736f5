import type { Admin } from 'kafkajs';
import { closest } from '../../core/suggest.js';
import type { PartitionEnd } from '../../runtime/ports/Source.js';
import { ConfigError } from '../ConfigError.js';

/** A topic the query reads is not on the broker: a name to fix or a topic to create, which no retry mends. */
export class MissingTopicError extends ConfigError {
  readonly retriable = false;
  constructor(topic: string, existing: readonly string[]) {
    const near = closest(topic, existing);
    super(
      `topic '${topic}' does not exist on the broker` +
        (near ? ` (did you mean '${near}'?)` : '') +
        `; create it (k2o creates only the topics it writes) or correct the name in the stream's WITH (topic = …)`,
    );
  }
}

/**
 * Each topic's partitions and offset range. kafkajs waits a while for a topic
 * it does not find (one a producer is about to create is found then); after
 * that, a missing topic is said as such, not as the broker's "does not host
 * this topic-partition".
 */
export async function fetchPartitionEnds(admin: Admin, topics: readonly string[]): Promise<PartitionEnd[]> {
  const ends: PartitionEnd[] = [];
  for (const topic of topics) {
    let offsets;
    try {
      offsets = await admin.fetchTopicOffsets(topic);
    } catch (e) {
      if (!isUnknownTopic(e)) throw e;
      const existing = await admin.listTopics();
      if (!existing.includes(topic)) throw new MissingTopicError(topic, existing);
      throw e;
    }
    for (const p of offsets) ends.push({ topic, partition: p.partition, low: p.low, high: p.high });
  }
  return ends;
}

function isUnknownTopic(e: unknown): boolean {
  const err = e as { type?: string; cause?: { type?: string } } | undefined;
  return err?.type === 'UNKNOWN_TOPIC_OR_PARTITION' || err?.cause?.type === 'UNKNOWN_TOPIC_OR_PARTITION';
}
