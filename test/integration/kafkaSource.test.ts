import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Kafka } from 'kafkajs';
import type { SourceOffset } from '../../src/runtime/ports/Sink.js';
import type { SourceRecord } from '../../src/runtime/ports/Source.js';
import { KafkaSource, type KafkaSourceOptions } from '../../src/connectors/kafka/KafkaSource.js';
import { brokersFromEnv, createKafka } from '../../src/connectors/kafka/kafkaClient.js';
import { produceJson } from '../../src/connectors/kafka/produceJson.js';
import { ensureTopic } from '../../src/connectors/kafka/topics.js';
import { pollCount, uniqueName, valueOf } from '../helpers/kafka.js';

// Needs the local broker: scripts/services.sh start
const brokers = brokersFromEnv();
const PARTITIONS = 3;
let kafka: Kafka;
const open: KafkaSource[] = [];

beforeAll(() => {
  kafka = createKafka(brokers, 'k2o-test');
});

afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

function newSource(options: Partial<KafkaSourceOptions> & Pick<KafkaSourceOptions, 'topics'>): KafkaSource {
  const source = new KafkaSource({
    brokers,
    groupId: uniqueName('k2o-test-group'),
    startingOffsets: 'earliest',
    clientId: 'k2o-test',
    ...options,
  });
  open.push(source);
  return source;
}

/** Record i goes to partition i % 3, so on a fresh topic its offset is floor(i / 3). */
async function topicWithRecords(n: number): Promise<string> {
  const topic = uniqueName('k2o-test-src');
  await ensureTopic(kafka, topic, PARTITIONS);
  const records = Array.from({ length: n }, (_, i) => ({ key: `k${i}`, value: { i }, partition: i % PARTITIONS }));
  await produceJson(kafka, topic, records);
  return topic;
}

function expectExpectedOffset(record: SourceRecord): void {
  const { i } = valueOf<{ i: number }>(record);
  expect(record.partition).toBe(i % PARTITIONS);
  expect(record.offset).toBe(String(Math.floor(i / PARTITIONS)));
  expect(record.key?.toString()).toBe(`k${i}`);
}

function offsetsByPartition(records: readonly SourceRecord[]): Map<number, number[]> {
  const out = new Map<number, number[]>();
  for (const r of records) {
    const list = out.get(r.partition) ?? [];
    list.push(Number(r.offset));
    out.set(r.partition, list);
  }
  return out;
}

function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from) }, (_, k) => from + k);
}

describe('KafkaSource', () => {
  it('delivers every record exactly once with its offset, in small polls, through pause and resume', async () => {
    const n = 5000;
    const topic = await topicWithRecords(n);
    // A buffer far below n forces several pause/resume cycles.
    const source = newSource({ topics: [topic], maxBufferedRecords: 300 });
    await source.start([]);

    const records = await pollCount(source, n, 137);

    expect(records).toHaveLength(n);
    records.forEach(expectExpectedOffset);
    expect(new Set(records.map((r) => valueOf<{ i: number }>(r).i)).size).toBe(n);
    for (const [partition, offsets] of offsetsByPartition(records)) {
      const size = Math.ceil((n - partition) / PARTITIONS);
      expect(offsets, `partition ${partition}`).toEqual(range(0, size));
    }
    expect(await source.poll(100, 200)).toEqual([]);
  }, 60_000);

  it('shares a poll among partitions rather than draining one first', async () => {
    const topic = await topicWithRecords(3000);
    const source = newSource({ topics: [topic] });
    await source.start([]);
    // Let the fetches fill the buffer with all three partitions' backlog (generously: CI machines are loaded).
    await pollCount(source, 1, 1);
    await new Promise((r) => setTimeout(r, 2500));

    const batch = await source.poll(30, 1000);

    expect(batch).toHaveLength(30);
    const perPartition = [...offsetsByPartition(batch).values()].map((o) => o.length);
    expect(perPartition).toEqual([10, 10, 10]);
  }, 60_000);

  it("restarts from stored offsets; the group's commits are never read, other partitions follow startingOffsets", async () => {
    const n = 3000;
    const topic = await topicWithRecords(n); // 1000 records per partition
    const groupId = uniqueName('k2o-test-group');

    const first = newSource({ topics: [topic], groupId });
    await first.start([]);
    const seen = await pollCount(first, 1200, 100);
    expect(seen.length).toBeGreaterThanOrEqual(1200);
    // The group is ahead of the sink on partition 0: the sink's offset must win.
    // Partition 2 has no stored offset: 'latest' applies, whatever the group committed.
    await first.commitForLag([
      { topic, partition: 0, offset: '900' },
      { topic, partition: 2, offset: '300' },
    ]);
    await first.close();

    const stored: SourceOffset[] = [
      { topic, partition: 0, offset: '150' },
      { topic, partition: 1, offset: '0' },
    ];
    const second = newSource({ topics: [topic], groupId, startingOffsets: 'latest' });
    await second.start(stored);
    const expectedCount = 1000 - 150 + 1000;
    const rest = await pollCount(second, expectedCount, 250);

    expect(rest).toHaveLength(expectedCount);
    rest.forEach(expectExpectedOffset);
    const byPartition = offsetsByPartition(rest);
    expect(byPartition.get(0)).toEqual(range(150, 1000));
    expect(byPartition.get(1)).toEqual(range(0, 1000));
    expect(byPartition.get(2)).toBeUndefined();
    expect(await second.poll(100, 200)).toEqual([]);
  }, 60_000);

  it("with 'latest' skips records that existed before start and reads all produced after", async () => {
    const topic = await topicWithRecords(300);
    const source = newSource({ topics: [topic], startingOffsets: 'latest' });
    await source.start([]);

    const later = Array.from({ length: 90 }, (_, k) => ({ value: { i: 300 + k }, partition: k % PARTITIONS }));
    await produceJson(kafka, topic, later);
    const records = await pollCount(source, 90, 50);

    expect(records.map((r) => valueOf<{ i: number }>(r).i).sort((a, b) => a - b)).toEqual(range(300, 390));
    expect(await source.poll(100, 200)).toEqual([]);
  }, 60_000);

  it('returns [] within maxWaitMs when idle, and wakes early when a record arrives', async () => {
    const topic = uniqueName('k2o-test-src');
    await ensureTopic(kafka, topic, PARTITIONS);
    const source = newSource({ topics: [topic] });
    await source.start([]);

    let t0 = Date.now();
    expect(await source.poll(100, 300)).toEqual([]);
    const idle = Date.now() - t0;
    expect(idle).toBeGreaterThanOrEqual(290);
    expect(idle).toBeLessThan(3000);

    t0 = Date.now();
    const waiting = source.poll(100, 20_000);
    await produceJson(kafka, topic, [{ value: { i: 0 } }]);
    const records = await waiting;
    expect(records).toHaveLength(1);
    expect(Date.now() - t0).toBeLessThan(10_000);
  }, 60_000);
});
