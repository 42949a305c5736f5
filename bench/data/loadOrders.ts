import type { Kafka, Message } from 'kafkajs';
import { createProducer, withAdmin } from '../../src/connectors/kafka/kafkaClient.js';
import { ensureTopic } from '../../src/connectors/kafka/topics.js';
import type { Dataset } from '../Scenario.js';
import type { Order } from '../../tools/data/orders.js';
import { benchOrders } from './benchRows.js';

/** Every topic the harness creates starts with this, so a later run can delete it. */
export const TOPIC_PREFIX = 'k2o_bench_';

/** Records per produce request: large enough that the load is not the slow part of a run. */
const CHUNK = 5_000;

export interface LoadResult {
  readonly dataset: Dataset;
  readonly seconds: number;
}

/**
 * Deletes the topics of earlier runs (not those of a run that may still be going), creates a fresh topic and produces the
 * orders to it, keyed by customer (a customer's orders stay in one partition,
 * in event-time order apart from the late 5%). The Kafka record timestamp is
 * the produce time: latency is measured from it.
 */
export async function loadOrders(kafka: Kafka, runId: string, records: number, partitions: number): Promise<LoadResult> {
  await deleteOldTopics(kafka);
  return produceOrders(kafka, `${TOPIC_PREFIX}${runId}_orders`, benchOrders(records), partitions);
}

/** Creates `topic` and produces `orders` to it, keyed by customer, a chunk at a time (a generator need never be held whole). */
export async function produceOrders(kafka: Kafka, topic: string, orders: Iterable<Order>, partitions: number): Promise<LoadResult> {
  await ensureTopic(kafka, topic, partitions);
  // Idempotent: a request retried under load (a timeout, a leader moving) must not append its records twice,
  // or every scenario reads more records than were loaded.
  const producer = createProducer(kafka, { idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  let bytes = 0;
  let records = 0;
  const started = performance.now();
  const send = (messages: Message[]) => producer.send({ topic, acks: -1, messages });
  try {
    let messages: Message[] = [];
    for (const o of orders) {
      const value = JSON.stringify(o);
      bytes += Buffer.byteLength(value);
      messages.push({ key: o.customer_id, value });
      if (messages.length < CHUNK) continue;
      await send(messages);
      records += messages.length;
      messages = [];
    }
    if (messages.length > 0) await send(messages);
    records += messages.length;
  } finally {
    await producer.disconnect();
  }
  return { dataset: { topic, records, partitions, bytes }, seconds: (performance.now() - started) / 1000 };
}

export async function createEmptyTopic(kafka: Kafka, name: string, partitions: number): Promise<string> {
  const topic = `${TOPIC_PREFIX}${name}`;
  await ensureTopic(kafka, topic, partitions);
  return topic;
}

/** A run lasts well under this: a younger run's topics may be in use by a run beside this one on the same broker. */
const KEEP_RECENT_MS = 3 * 3600_000;

async function deleteOldTopics(kafka: Kafka): Promise<void> {
  await withAdmin(kafka, async (admin) => {
    const old = (await admin.listTopics()).filter((t) => t.startsWith(TOPIC_PREFIX) && !recentRun(t));
    if (old.length > 0) await admin.deleteTopics({ topics: old, timeout: 30_000 });
  });
}

/** Whether the topic belongs to a run started less than KEEP_RECENT_MS ago (its run id is its start time, `20261201t153952`). */
function recentRun(topic: string): boolean {
  const m = /^(\d{4})(\d{2})(\d{2})t(\d{2})(\d{2})(\d{2})/.exec(topic.slice(TOPIC_PREFIX.length));
  if (!m) return false;
  const [y, mo, d, h, mi, se] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  return Date.now() - Date.UTC(y, mo - 1, d, h, mi, se) < KEEP_RECENT_MS;
}
