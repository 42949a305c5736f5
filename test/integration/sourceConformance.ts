import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Kafka } from 'kafkajs';
import type { SourceOffset } from '../../src/runtime/ports/Sink.js';
import type { Source, SourceRecord } from '../../src/runtime/ports/Source.js';
import type { KafkaSourceOptions } from '../../src/connectors/kafka/KafkaSource.js';
import { brokersFromEnv, createKafka, createProducer, withAdmin } from '../../src/connectors/kafka/kafkaClient.js';
import { produceJson } from '../../src/connectors/kafka/produceJson.js';
import { ensureTopic } from '../../src/connectors/kafka/topics.js';
import { pollCount, uniqueName, valueOf } from '../helpers/kafka.js';

/** A Kafka source of one client, built from the options both clients take. */
export type MakeSource = (options: KafkaSourceOptions) => Source;

const PARTITIONS = 3;

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

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The Source port's contract (src/runtime/ports/Source.ts) against the real
 * broker, for one Kafka client: every client k2o can read with passes the same
 * cases.
 */
export function runSourceConformance(name: string, makeSource: MakeSource): void {
  describe(`Kafka source conformance: ${name}`, () => {
    const brokers = brokersFromEnv();
    let kafka: Kafka;
    const open: Source[] = [];

    beforeAll(() => {
      kafka = createKafka(brokers, 'k2o-test');
    });
    afterEach(async () => {
      await Promise.all(open.splice(0).map((s) => s.close()));
    });

    function newSource(options: Partial<KafkaSourceOptions> & Pick<KafkaSourceOptions, 'topics'>): Source {
      const source = makeSource({
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
      // Two polls: a source may fetch one partition alone until its second poll (KafkaSource's start).
      await pollCount(source, 2, 1);
      await sleep(2500);

      const batch = await source.poll(30, 1000);

      expect(batch).toHaveLength(30);
      const perPartition = [...offsetsByPartition(batch).values()].map((o) => o.length);
      expect(perPartition).toEqual([10, 10, 10]);
    }, 60_000);

    it('in a backlog, takes from every partition in proportion to what it has left, so they end together', async () => {
      const topic = uniqueName('k2o-test-backlog');
      await ensureTopic(kafka, topic, PARTITIONS);
      const sizes = [4000, 2000, 1000];
      await produceJson(
        kafka,
        topic,
        sizes.flatMap((n, partition) => Array.from({ length: n }, (_, i) => ({ value: { i }, partition }))),
      );
      // A buffer that holds every partition's share, so that what is buffered is not what decides the shares.
      const source = newSource({ topics: [topic], maxBufferedRecords: 30_000 });
      await source.start([]);
      const first = await pollCount(source, 14, 7);
      await sleep(2500);
      const counts = [0, 0, 0];
      for (const r of await source.poll(700, 1000)) counts[r.partition]!++;
      // Equal shares would be 233 each; by backlog 4:2:1, within one record of rounding.
      expect(counts[0]).toBeGreaterThanOrEqual(398);
      expect(counts[1]).toBeGreaterThanOrEqual(198);
      expect(counts[2]).toBeGreaterThanOrEqual(98);
      // The partitions then reach their ends within a poll of each other.
      const rest = await pollCount(source, 7000 - first.length - counts.reduce((n, c) => n + c, 0), 700);
      const lastPoll = rest.slice(-700);
      expect(new Set(lastPoll.map((r) => r.partition)).size).toBe(3);
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

    it('seeks one partition back, dropping what it buffered, and leaves the others where they are', async () => {
      const topic = await topicWithRecords(300); // 100 per partition
      const source = newSource({ topics: [topic] });
      await source.start([]);
      const first = await pollCount(source, 60, 60);
      // Let the rest of the topic reach the buffer, so the seek has buffered records of partition 0 to drop.
      await sleep(1000);

      await source.seek([{ topic, partition: 0, offset: '10' }]);
      const before = offsetsByPartition(first);
      const left = 90 + 200 - (before.get(1)?.length ?? 0) - (before.get(2)?.length ?? 0);
      const rest = offsetsByPartition(await pollCount(source, left, 50));

      expect(rest.get(0)).toEqual(range(10, 100));
      for (const p of [1, 2]) expect([...(before.get(p) ?? []), ...(rest.get(p) ?? [])], `partition ${p}`).toEqual(range(0, 100));
      expect(await source.poll(100, 300)).toEqual([]);
    }, 60_000);

    it('starts at the first record at or after a timestamp, per partition; a partition without one starts at its end', async () => {
      const topic = uniqueName('k2o-test-src');
      await ensureTopic(kafka, topic, PARTITIONS);
      const t0 = Date.UTC(2025, 0, 1);
      // Partitions 0 and 1 hold records a second apart; partition 2's are all before the start time.
      const records = Array.from({ length: 20 }, (_, k) => ({ value: { i: k }, partition: k % 2, timestamp: t0 + k * 1000 }));
      records.push(...range(0, 5).map((k) => ({ value: { i: 100 + k }, partition: 2, timestamp: t0 - 60_000 + k })));
      await produceJson(kafka, topic, records);

      const source = newSource({ topics: [topic], startingOffsets: { timestamp: t0 + 12_000 } });
      const start = await source.start([]);
      const got = await pollCount(source, 8, 100);

      expect(start.sort((a, b) => a.partition - b.partition)).toEqual([
        { topic, partition: 0, offset: '6' },
        { topic, partition: 1, offset: '6' },
        { topic, partition: 2, offset: '5' },
      ]);
      expect(got.map((r) => valueOf<{ i: number }>(r).i).sort((a, b) => a - b)).toEqual(range(12, 20));
      expect(got.every((r) => r.timestamp >= t0 + 12_000)).toBe(true);
      expect(await source.poll(100, 300)).toEqual([]);
    }, 60_000);

    it('delivers keys, headers, timestamps and tombstones as produced', async () => {
      const topic = uniqueName('k2o-test-src');
      await ensureTopic(kafka, topic, 1);
      const ts = Date.UTC(2024, 5, 30, 12, 0, 0, 123);
      const producer = createProducer(kafka);
      await producer.connect();
      await producer.send({
        topic,
        messages: [
          { key: 'k1', value: '{"a":1}', timestamp: String(ts), headers: { trace: 'abc', many: ['x', 'y'], bin: Buffer.from([0, 255]) } },
          { key: Buffer.from([1, 2, 3]), value: null, timestamp: String(ts + 1) },
          { key: null, value: '', timestamp: String(ts + 2) },
        ],
      });
      await producer.disconnect();
      const source = newSource({ topics: [topic] });
      await source.start([]);

      const [withHeaders, tombstone, keyless] = await pollCount(source, 3, 10);

      expect(withHeaders?.key?.toString()).toBe('k1');
      expect(withHeaders?.value?.toString()).toBe('{"a":1}');
      expect(withHeaders?.timestamp).toBe(ts);
      const headers = withHeaders?.headers ?? {};
      expect(String(headers['trace'])).toBe('abc');
      expect((headers['many'] as Buffer[]).map(String)).toEqual(['x', 'y']);
      expect([...(headers['bin'] as Buffer)]).toEqual([0, 255]);
      expect(tombstone?.key).toEqual(Buffer.from([1, 2, 3]));
      expect(tombstone?.value).toBeNull();
      expect(tombstone?.headers).toBeUndefined();
      expect(tombstone?.timestamp).toBe(ts + 1);
      expect(keyless?.key).toBeNull();
      expect(keyless?.value?.length).toBe(0);
      expect([withHeaders, tombstone, keyless].map((r) => r?.offset)).toEqual(['0', '1', '2']);
    }, 60_000);

    it('gives every partition its offset range, and what it has not delivered yet as pending', async () => {
      const topic = await topicWithRecords(30);
      const source = newSource({ topics: [topic] });
      await source.start([]);

      expect((await source.endOffsets()).sort((a, b) => a.partition - b.partition)).toEqual(
        range(0, PARTITIONS).map((partition) => ({ topic, partition, low: '0', high: '10' })),
      );
      expect(source.pendingPartitions().length).toBe(PARTITIONS);
      await pollCount(source, 30, 100);
      expect(source.pendingPartitions()).toEqual([]);
      await produceJson(kafka, topic, [{ value: { i: 30 }, partition: 1 }]);
      expect((await source.endOffsets()).find((e) => e.partition === 1)?.high).toBe('11');
    }, 60_000);

    it("commits offsets to the consumer group for lag monitoring, which the group's tools read back", async () => {
      const topic = await topicWithRecords(30);
      const groupId = uniqueName('k2o-test-group');
      const source = newSource({ topics: [topic], groupId });
      await source.start([]);
      await pollCount(source, 30, 100);

      // Stored offsets may name a topic the query no longer reads (its stream's topic changed, the topic was deleted):
      // the broker would refuse its commit only after its retries, so it is not sent.
      const started = Date.now();
      await source.commitForLag([
        { topic, partition: 0, offset: '7' },
        { topic: `${topic}-gone`, partition: 0, offset: '5' },
        { topic, partition: 2, offset: '10' },
      ]);
      expect(Date.now() - started).toBeLessThan(5_000);

      const [committed] = await withAdmin(kafka, (admin) => admin.fetchOffsets({ groupId, topics: [topic] }));
      const byPartition = Object.fromEntries((committed?.partitions ?? []).map((p) => [p.partition, p.offset]));
      expect(byPartition).toEqual({ 0: '7', 1: '-1', 2: '10' });
    }, 60_000);

    it('reads every topic whose whole name matches a pattern, and one created while it runs from its start', async () => {
      const base = uniqueName('k2o-test-pat').replace(/-/g, '_');
      const [a, b, later, other] = [`${base}.a`, `${base}.b`, `${base}.c`, `${base}_other`];
      for (const t of [a, b, other]) await ensureTopic(kafka, t, 1);
      for (const t of [a, b, other]) await produceJson(kafka, t, [{ value: { t } }, { value: { t } }]);
      const source = newSource({ topics: [], topicPattern: `${base}\\..*`, topicRefreshMs: 300 });
      await source.start([]);

      const first = await pollCount(source, 4, 100);
      await ensureTopic(kafka, later, 1);
      await produceJson(kafka, later, [{ value: { t: later } }]);
      const next = await pollCount(source, 1, 100);

      expect(first.map((r) => r.topic).sort()).toEqual([a, a, b, b]);
      expect(next.map((r) => [r.topic, r.offset])).toEqual([[later, '0']]);
      expect(await source.poll(100, 500)).toEqual([]);
    }, 60_000);

    it("splits a topic between two sources of one group, and a partition handed back starts at the sink's offsets of that moment", async () => {
      const topic = await topicWithRecords(3000); // 1000 per partition
      const groupId = uniqueName('k2o-test-group');
      // The sink: each partition's next offset, and the fence a batch must pass (its first record is that offset).
      const sink = new Map<number, number>();
      const committed = async (): Promise<SourceOffset[]> => [...sink].map(([partition, o]) => ({ topic, partition, offset: String(o) }));
      const refused = new Map<Source, number>();
      /** Commits what the fence lets through; a partition that lost it seeks back to the stored offset, as the runtime does. */
      async function commit(source: Source, records: readonly SourceRecord[]): Promise<void> {
        for (const [partition, offsets] of offsetsByPartition(records)) {
          const next = sink.get(partition) ?? 0;
          if (offsets[0] !== next) {
            refused.set(source, (refused.get(source) ?? 0) + 1);
            await source.seek([{ topic, partition, offset: String(next) }]);
            continue;
          }
          expect(offsets, `partition ${partition}`).toEqual(range(next, next + offsets.length));
          sink.set(partition, next + offsets.length);
        }
      }
      const delivered = new Map<Source, Set<number>>();
      async function round(sources: readonly Source[]): Promise<void> {
        for (const s of sources) {
          const records = await s.poll(50, 100);
          for (const r of records) (delivered.get(s) ?? delivered.set(s, new Set()).get(s)!).add(r.partition);
          await commit(s, records);
        }
      }
      async function until(sources: readonly Source[], total: number): Promise<void> {
        const deadline = Date.now() + 45_000;
        const done = () => range(0, PARTITIONS).every((p) => (sink.get(p) ?? 0) >= total);
        while (!done() && Date.now() < deadline) await round(sources);
        expect(Object.fromEntries(sink)).toEqual({ 0: total, 1: total, 2: total });
      }

      const a = newSource({ topics: [topic], groupId, maxBufferedRecords: 100 });
      await a.start([], committed);
      while ((sink.get(0) ?? 0) + (sink.get(1) ?? 0) + (sink.get(2) ?? 0) < 300) await round([a]);
      const b = newSource({ topics: [topic], groupId, maxBufferedRecords: 100 });
      await b.start(await committed(), committed);
      delivered.clear();
      await until([a, b], 1000);
      // Both members read: the group split the partitions between them.
      expect(delivered.get(a)?.size ?? 0).toBeGreaterThan(0);
      expect(delivered.get(b)?.size ?? 0).toBeGreaterThan(0);

      await b.close();
      refused.clear();
      await produceJson(
        kafka,
        topic,
        range(0, 300).map((k) => ({ key: `k${3000 + k}`, value: { i: 3000 + k }, partition: k % PARTITIONS })),
      );
      await until([a], 1100);
      // a's positions of b's partitions were far behind the sink; it read the sink's offsets when they came back.
      expect(refused.get(a) ?? 0).toBe(0);
    }, 120_000);
  });
}
