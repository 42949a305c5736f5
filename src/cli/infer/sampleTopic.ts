import { randomBytes } from 'node:crypto';
import { closest } from '../../core/suggest.js';
import { KafkaSource } from '../../connectors/kafka/KafkaSource.js';
import { createKafka, withAdmin } from '../../connectors/kafka/kafkaClient.js';
import { fetchPartitionEnds } from '../../connectors/kafka/partitionEnds.js';
import type { KafkaSecurity } from '../../config/kafkaSecurity.js';

/** What was read from a topic to infer its columns from. */
export interface TopicSample {
  /** The records whose value is a JSON object. */
  readonly objects: Record<string, unknown>[];
  /** Records that were not one (tombstones, other JSON, not JSON). */
  readonly skipped: number;
}

/** A user's mistake (no such topic, an empty one): said in a line, without a stack. */
export class SampleError extends Error {}

/**
 * Reads up to `count` records of `topic` from its earliest offsets with the
 * source queries use. Its consumer group has a fresh name and commits nothing,
 * so sampling leaves no trace a lag monitor or a later query would see.
 */
export async function sampleTopic(
  brokers: readonly string[],
  topic: string,
  count: number,
  timeoutMs = 30_000,
  security?: KafkaSecurity,
): Promise<TopicSample> {
  const kafka = createKafka(brokers, 'k2o-infer', undefined, security);
  const available = await withAdmin(kafka, async (admin) => {
    // Checked first: on a broker that auto-creates topics, looking up offsets would create it.
    const topics = await admin.listTopics();
    if (!topics.includes(topic)) {
      const near = closest(topic, topics);
      throw new SampleError(`topic ${topic} does not exist${near ? ` (did you mean ${near}?)` : ''}`);
    }
    const ends = await fetchPartitionEnds(admin, [topic]);
    return ends.reduce((n, e) => n + Number(BigInt(e.high) - BigInt(e.low)), 0);
  });
  if (available === 0) throw new SampleError(`topic ${topic} holds no records to infer from`);
  const wanted = Math.min(count, available);

  const source = new KafkaSource({
    brokers,
    ...(security && { security }),
    topics: [topic],
    groupId: `k2o-infer-${randomBytes(6).toString('hex')}`,
    startingOffsets: 'earliest',
    clientId: 'k2o-infer',
    maxBufferedRecords: Math.max(wanted, 1000),
    // A sample of every partition, not of the one a query would read first.
    holdForFirstBatch: false,
  });
  const objects: Record<string, unknown>[] = [];
  let skipped = 0;
  try {
    await source.start([]);
    const deadline = Date.now() + timeoutMs;
    while (objects.length + skipped < wanted && Date.now() < deadline) {
      for (const record of await source.poll(wanted - objects.length - skipped, 500)) {
        const value = parseObject(record.value);
        if (value) objects.push(value);
        else skipped++;
      }
    }
  } finally {
    await source.close();
  }
  return { objects, skipped };
}

function parseObject(value: Buffer | null): Record<string, unknown> | undefined {
  if (value === null) return undefined;
  try {
    const v: unknown = JSON.parse(value.toString('utf8'));
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
