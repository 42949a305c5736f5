import { randomBytes } from 'node:crypto';
import type { Kafka } from 'kafkajs';

/** A record as a reader of k2o's output sees it. */
export interface ReadRecord {
  readonly partition: number;
  readonly offset: string;
  readonly timestamp: number;
  readonly key: string | null;
  readonly value: string | null;
}

/**
 * Every record of `topic` as a `read_committed` consumer sees it, from the
 * beginning: reads until `atLeast` records came, then `settleMs` more (so a
 * duplicate beyond the expected count would show), or until `timeoutMs`.
 * `uncommitted` reads as `read_uncommitted` does instead: aborted records too.
 */
export async function readCommitted(
  kafka: Kafka,
  topic: string,
  opts: { atLeast: number; settleMs?: number; timeoutMs?: number; uncommitted?: boolean },
): Promise<ReadRecord[]> {
  const consumer = kafka.consumer({
    groupId: `k2o-test-reader-${randomBytes(6).toString('hex')}`,
    maxWaitTimeInMs: 100,
    readUncommitted: opts.uncommitted ?? false,
  });
  const records: ReadRecord[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        for (const m of batch.messages)
          records.push({
            partition: batch.partition,
            offset: m.offset,
            timestamp: Number(m.timestamp),
            key: m.key?.toString('utf8') ?? null,
            value: m.value?.toString('utf8') ?? null,
          });
      },
    });
    const deadline = Date.now() + (opts.timeoutMs ?? 30_000);
    while (records.length < opts.atLeast && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, opts.settleMs ?? 1000));
    return records;
  } finally {
    await consumer.disconnect();
  }
}

/**
 * Creates a topic that keeps its records whatever their timestamps: the sink
 * stamps window results with their event time, and the test data's event times
 * are older than the broker's default retention, which would delete them.
 */
export async function createKeepingTopic(kafka: Kafka, topic: string, numPartitions = 1): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.createTopics({
      topics: [{ topic, numPartitions, configEntries: [{ name: 'retention.ms', value: '-1' }] }],
      waitForLeaders: true,
    });
  } finally {
    await admin.disconnect();
  }
}
