import type { Admin } from 'kafkajs';

/**
 * Compaction keeps the last record of each state entry and of the query's
 * header, which is all a restart reads; a single entry may still be large (a
 * DISTINCT aggregate's values).
 */
const STATE_TOPIC_CONFIG = [
  { name: 'cleanup.policy', value: 'compact' },
  { name: 'max.message.bytes', value: String(50 * 1024 * 1024) },
  { name: 'segment.ms', value: String(10 * 60 * 1000) },
];

/** The largest state record the state topic takes; a larger entry stops the query with this figure in its message. */
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
