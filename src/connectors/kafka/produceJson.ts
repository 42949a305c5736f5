import type { Kafka, Message } from 'kafkajs';
import { createProducer, withAdmin } from './kafkaClient.js';

/** One record to produce. */
export interface JsonRecord {
  /** Strings and Buffers are sent as they are, other values as JSON; absent → no key. */
  readonly key?: unknown;
  /** Sent as JSON, except a Buffer (raw bytes, e.g. a malformed record) and null (a tombstone). */
  readonly value: unknown;
  /** Explicit partition; otherwise the key's partition (murmur2), or spread in turn when keyless. */
  readonly partition?: number;
  /** Record timestamp, epoch ms; otherwise the producer's clock. */
  readonly timestamp?: number;
  /** Record headers, sent as they are. */
  readonly headers?: Readonly<Record<string, string | Buffer | readonly (string | Buffer)[]>>;
}

export interface ProduceJsonOptions {
  /** Records per produce request. */
  readonly chunkSize?: number;
}

/**
 * Produces `records` to `topic` in order, a chunk per request, each acknowledged
 * by all in-sync replicas before the next is sent, so that records of one
 * partition get offsets in array order. Shared by tests, the demo and the benchmark.
 */
export async function produceJson(
  kafka: Kafka,
  topic: string,
  records: readonly JsonRecord[],
  options: ProduceJsonOptions = {},
): Promise<void> {
  const chunkSize = options.chunkSize ?? 1000;
  const spread = await spreading(kafka, topic, records);
  // Idempotent: a send retried after a lost acknowledgement (a loaded broker) must not append its records twice.
  const producer = createProducer(kafka, { idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  try {
    for (let start = 0; start < records.length; start += chunkSize) {
      const messages = records.slice(start, start + chunkSize).map((r, i) => toMessage(r, spread(r, start + i)));
      await producer.send({ topic, acks: -1, messages });
    }
  } finally {
    await producer.disconnect();
  }
}

/**
 * The partition of each keyless record without one: the next partition in turn,
 * fixed before sending. kafkajs's own spreading picks again when it retries a
 * request, and an idempotent retry whose batch for a partition then differs from
 * the one the broker already appended is refused (OUT_OF_ORDER_SEQUENCE_NUMBER).
 * Where the topic is not there yet (the broker creates it on the first send),
 * kafkajs spreads them.
 */
async function spreading(
  kafka: Kafka,
  topic: string,
  records: readonly JsonRecord[],
): Promise<(r: JsonRecord, index: number) => number | undefined> {
  const keyless = (r: JsonRecord) => r.partition === undefined && (r.key === undefined || r.key === null);
  if (!records.some(keyless)) return (r) => r.partition;
  const partitions = await withAdmin(kafka, async (admin) =>
    (await admin.listTopics()).includes(topic)
      ? (await admin.fetchTopicMetadata({ topics: [topic] })).topics[0]?.partitions.length
      : undefined,
  );
  if (!partitions) return (r) => r.partition;
  return (r, index) => (keyless(r) ? index % partitions : r.partition);
}

function toMessage(record: JsonRecord, partition: number | undefined): Message {
  const message: Message = { key: encodeKey(record.key), value: encodeValue(record.value) };
  if (partition !== undefined) message.partition = partition;
  if (record.timestamp !== undefined) message.timestamp = String(record.timestamp);
  if (record.headers !== undefined)
    message.headers = Object.fromEntries(
      Object.entries(record.headers).map(([k, v]) => [k, typeof v === 'string' || Buffer.isBuffer(v) ? v : [...v]]),
    );
  return message;
}

function encodeKey(key: unknown): Buffer | string | null {
  if (key === undefined || key === null) return null;
  if (typeof key === 'string' || Buffer.isBuffer(key)) return key;
  return JSON.stringify(key);
}

function encodeValue(value: unknown): Buffer | string | null {
  if (value === null || Buffer.isBuffer(value)) return value;
  const json = JSON.stringify(value);
  if (json === undefined) throw new TypeError(`produceJson: ${typeof value} is not JSON`);
  return json;
}
