import { expect, it } from 'vitest';
import { brokersFromEnv, createKafka } from '../../src/connectors/kafka/kafkaClient.js';
import { KafkaSource } from '../../src/connectors/kafka/KafkaSource.js';
import { produceJson } from '../../src/connectors/kafka/produceJson.js';
import { ensureTopic } from '../../src/connectors/kafka/topics.js';
import { pollCount, uniqueName } from '../helpers/kafka.js';
import { runSourceConformance } from './sourceConformance.js';

// Needs the local broker: scripts/services.sh start
runSourceConformance('kafkajs (KafkaSource)', (options) => new KafkaSource(options));

it('kafkajs: at start one fetch of the partition with the largest backlog, and nothing else until a batch is taken; then every record comes once', async () => {
  const brokers = brokersFromEnv();
  const kafka = createKafka(brokers, 'k2o-test-first-batch');
  const topic = uniqueName('k2o-test-first-batch');
  await ensureTopic(kafka, topic, 3);
  const sizes = [1000, 3000, 2000];
  // In sends of 100 records, so that a partition's log is many small record batches and one fetch of 8 KB is not all of it.
  for (const [partition, n] of sizes.entries())
    for (let from = 0; from < n; from += 100)
      await produceJson(
        kafka,
        topic,
        Array.from({ length: 100 }, (_, i) => ({ value: { i: from + i }, partition })),
      );
  const source = new KafkaSource({
    brokers,
    topics: [topic],
    groupId: uniqueName('k2o-test-first-batch'),
    startingOffsets: 'earliest',
    clientId: 'k2o-test-first-batch',
    consumer: { maxPartitionFetchBytes: 8192 },
  });
  try {
    await source.start([]);
    const first = await pollCount(source, 1, 100);
    // Time enough for many fetches, were the others or the lead not held (generously: CI machines are loaded).
    await new Promise((r) => setTimeout(r, 2000));
    const second = await source.poll(10_000, 0);
    expect(new Set([...first, ...second].map((r) => r.partition))).toEqual(new Set([1]));
    expect(first.length + second.length).toBeLessThan(3000);
    const rest = await pollCount(source, 6000 - first.length - second.length, 1000);
    const offsets = [0, 1, 2].map((p) => [...first, ...second, ...rest].filter((r) => r.partition === p).map((r) => Number(r.offset)));
    offsets.forEach((o, p) => expect(o, `partition ${p}`).toEqual(Array.from({ length: sizes[p]! }, (_, i) => i)));
  } finally {
    await source.close();
  }
}, 60_000);
