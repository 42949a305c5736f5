import { randomBytes } from 'node:crypto';
import type { Admin, Kafka } from 'kafkajs';

/**
 * State records can be large (every open window of the query), and compaction
 * keeps only the last one per query, which is all a restart reads.
 */
const STATE_TOPIC_CONFIG = [
  { name: 'cleanup.policy', value: 'compact' },
  { name: 'max.message.bytes', value: String(50 * 1024 * 1024) },
  { name: 'segment.ms', value: String(10 * 60 * 1000) },
];

/** The largest state record the state topic takes; a larger state stops the query with this figure in its message. */
export const MAX_STATE_BYTES = 50 * 1024 * 1024;

/** Creates each topic that does not exist yet: the target and dead-letter topics with the broker's defaults, the state topic compacted. */
export async function ensureSinkTopics(admin: Admin, plain: readonly string[], stateTopic: string): Promise<void> {
  const existing = new Set(await admin.listTopics());
  const topics = [
    ...[...new Set(plain)].filter((t) => !existing.has(t)).map((topic) => ({ topic })),
    ...(existing.has(stateTopic) ? [] : [{ topic: stateTopic, numPartitions: 1, configEntries: STATE_TOPIC_CONFIG }]),
  ];
  if (topics.length === 0) return;
  try {
    await admin.createTopics({ topics, waitForLeaders: true });
  } catch (e) {
    // Another process of the query created them meanwhile.
    if ((e as { type?: string }).type !== 'TOPIC_ALREADY_EXISTS') throw e;
  }
}

/**
 * The value of the one record at `offset` of a single-partition topic, read
 * committed. kafkajs reads only through a consumer group, so a throwaway group
 * of its own does (it holds no offsets and the broker forgets it).
 */
export async function readRecordAt(kafka: Kafka, topic: string, offset: string, timeoutMs = 30_000): Promise<Buffer | null> {
  const consumer = kafka.consumer({ groupId: `k2o-restore-${randomBytes(6).toString('hex')}`, maxWaitTimeInMs: 100 });
  await consumer.connect();
  try {
    let found: (value: Buffer | null) => void = () => {};
    const value = new Promise<Buffer | null>((resolve) => (found = resolve));
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        const m = batch.messages.find((msg) => msg.offset === offset);
        if (m) found(m.value ?? null);
      },
    });
    consumer.seek({ topic, partition: 0, offset });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`the record at ${topic}@${offset} could not be read within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      return await Promise.race([value, timeout]);
    } finally {
      clearTimeout(timer);
    }
  } finally {
    await consumer.disconnect();
  }
}
