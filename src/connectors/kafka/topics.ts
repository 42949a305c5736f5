import type { Kafka } from 'kafkajs';
import { withAdmin } from './kafkaClient.js';

/**
 * What a broker answers for a moment after it starts, or while it still
 * deletes a topic of the same name: worth asking again.
 */
const TRANSIENT = new Set([
  'UNKNOWN_TOPIC_OR_PARTITION',
  'LEADER_NOT_AVAILABLE',
  'NOT_CONTROLLER',
  'REQUEST_TIMED_OUT',
  'TOPIC_ALREADY_EXISTS',
]);
const ATTEMPTS = 20;

/**
 * Creates `topic` with `numPartitions` partitions unless it exists, and waits for
 * its partition leaders so that producing right after does not race the broker.
 * Auto-creation would give the broker's default of one partition.
 */
export async function ensureTopic(kafka: Kafka, topic: string, numPartitions: number): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await withAdmin(kafka, (admin) => admin.createTopics({ topics: [{ topic, numPartitions }], waitForLeaders: true }));
      return;
    } catch (error) {
      const e = error as { type?: string; retriable?: boolean };
      if (attempt >= ATTEMPTS || !(e.retriable === true || TRANSIENT.has(e.type ?? ''))) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}
