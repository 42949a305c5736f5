import type { Kafka } from 'kafkajs';
import { withAdmin } from './kafkaClient.js';

/**
 * Creates `topic` with `numPartitions` partitions unless it exists, and waits for
 * its partition leaders so that producing right after does not race the broker.
 * Auto-creation would give the broker's default of one partition.
 */
export async function ensureTopic(kafka: Kafka, topic: string, numPartitions: number): Promise<void> {
  await withAdmin(kafka, (admin) =>
    admin.createTopics({ topics: [{ topic, numPartitions }], waitForLeaders: true }),
  );
}
