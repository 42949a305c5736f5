import { randomBytes } from 'node:crypto';
import type { Kafka, Message } from 'kafkajs';
import type { StateCommit, StateEntry, StoredState } from '../../runtime/ports/StateEntries.js';

/**
 * The records of a batch's state changes on the query's compacted state topic:
 * an entry per written key, keyed by its operator, key group and key (JSON, so
 * that compaction keeps the last of each), and a tombstone per removed key,
 * which compaction later drops with the key's earlier records.
 */
export function stateMessages(state: StateCommit): Message[] {
  return [
    ...state.deleted.map((k) => ({ key: JSON.stringify([k.operator, k.keyGroup, k.key]), value: null })),
    ...state.put.map((e) => ({ key: JSON.stringify([e.operator, e.keyGroup, e.key]), value: e.value })),
  ];
}

/**
 * The state committed with the header record at offset `through`: the header
 * there, and the last record of each entry key at or before it that is not a
 * tombstone. Read committed, so the records of aborted transactions are never
 * seen, and nothing after `through` is, which no committed offsets name yet.
 * kafkajs reads only through a consumer group, so a throwaway group of its own
 * does (it holds no offsets and the broker forgets it).
 */
export async function readStateTopic(
  kafka: Kafka,
  topic: string,
  through: string,
  queryId: string,
  timeoutMs = 60_000,
): Promise<StoredState> {
  const last = BigInt(through);
  const entries = new Map<string, StateEntry>();
  let header: string | undefined;
  const consumer = kafka.consumer({ groupId: `k2o-restore-${randomBytes(6).toString('hex')}`, maxWaitTimeInMs: 100 });
  await consumer.connect();
  try {
    let reached: () => void = () => {};
    const done = new Promise<void>((resolve) => (reached = resolve));
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        for (const m of batch.messages) {
          const at = BigInt(m.offset);
          if (at > last) break;
          const key = m.key?.toString('utf8') ?? '';
          // Not a header there is for the caller to report: an error thrown here would only make kafkajs retry the batch.
          if (at === last) header = key === queryId && m.value !== null ? m.value.toString('utf8') : undefined;
          else if (key !== queryId && key.startsWith('[')) {
            if (m.value === null) entries.delete(key);
            else entries.set(key, entryOf(key, m.value.toString('utf8')));
          }
        }
        if (header !== undefined || BigInt(batch.lastOffset()) >= last) reached();
      },
    });
    consumer.seek({ topic, partition: 0, offset: '0' });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(new Error(`the state of query ${queryId} in ${topic} could not be read up to offset ${through} within ${timeoutMs} ms`)),
        timeoutMs,
      );
    });
    try {
      await Promise.race([done, timeout]);
    } finally {
      clearTimeout(timer);
    }
  } finally {
    await consumer.disconnect();
  }
  if (header === undefined)
    throw new Error(`query ${queryId}: the record at ${topic}@${through}, named by its committed offsets, is not its state header`);
  return { header, entries: [...entries.values()] };
}

function entryOf(recordKey: string, value: string): StateEntry {
  const [operator, keyGroup, key] = JSON.parse(recordKey) as [string, number, string];
  return { operator, keyGroup, key, value };
}
