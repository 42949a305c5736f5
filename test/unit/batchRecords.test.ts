import { describe, expect, it } from 'vitest';
import { batchRecords } from '../../src/runtime/batchRecords.js';
import { partitionKey } from '../../src/runtime/ports/partitionKey.js';
import type { SourceOffset } from '../../src/runtime/ports/Sink.js';
import type { SourceRecord } from '../../src/runtime/ports/Source.js';
import { seededRandom } from '../../tools/data/orders.js';

const rec = (partition: number, offset: bigint | number, timestamp = 0, topic = 't'): SourceRecord => ({
  topic,
  partition,
  offset: String(offset),
  timestamp,
  key: null,
  value: null,
});

/** The rule, record by record with BigInts: a record is taken when at or past its partition's position and every earlier taken record. */
function reference(polled: readonly SourceRecord[], positions: ReadonlyMap<string, SourceOffset>): string[] {
  const next = new Map<string, bigint>();
  return polled
    .filter((r) => {
      const k = partitionKey(r.topic, r.partition);
      const stored = positions.get(k);
      const at = next.get(k) ?? (stored && BigInt(stored.offset));
      if (at !== undefined && BigInt(r.offset) < at) return false;
      next.set(k, BigInt(r.offset) + 1n);
      return true;
    })
    .map((r) => `${r.topic}/${r.partition}@${r.offset}`);
}

describe('batchRecords: the records a batch takes', () => {
  it('drops records below the stored position and below a record taken earlier, counts and ends each partition', () => {
    const positions = new Map([[partitionKey('t', 0), { topic: 't', partition: 0, offset: '5' }]]);
    const polled = [rec(0, 3), rec(0, 4), rec(0, 5, 50), rec(0, 6, 40), rec(1, 0, 70), rec(1, 1, 80), rec(0, 6), rec(0, 7, 60)];
    const b = batchRecords(polled, positions);
    expect(b.records.map((r) => `${r.partition}@${r.offset}`)).toEqual(['0@5', '0@6', '1@0', '1@1', '0@7']);
    expect(b.counts).toEqual(
      new Map([
        [partitionKey('t', 0), 3],
        [partitionKey('t', 1), 2],
      ]),
    );
    expect(b.ends.get(partitionKey('t', 0))).toEqual({ topic: 't', partition: 0, offset: '8' });
    expect(b.ends.get(partitionKey('t', 1))).toEqual({ topic: 't', partition: 1, offset: '2' });
    // Of the records taken only: 3 and 4 (timestamp 0) are not.
    expect(b.oldestRecordAt).toBe(40);
  });

  it('compares offsets past 2^53 exactly', () => {
    const big = 2n ** 60n;
    const positions = new Map([[partitionKey('t', 0), { topic: 't', partition: 0, offset: String(big + 1n) }]]);
    const b = batchRecords([rec(0, big), rec(0, big + 1n), rec(0, big + 2n)], positions);
    expect(b.records.map((r) => r.offset)).toEqual([String(big + 1n), String(big + 2n)]);
    expect(b.ends.get(partitionKey('t', 0))!.offset).toBe(String(big + 3n));
  });

  it('agrees with the record-by-record rule over random polls: runs, re-deliveries, two topics, offsets around 2^53', () => {
    const random = seededRandom(5);
    for (let round = 0; round < 500; round++) {
      const base = round % 5 === 0 ? 2n ** 53n - 20n : 0n;
      const cursor = new Map<string, bigint>();
      const positions = new Map<string, SourceOffset>();
      const polled: SourceRecord[] = [];
      for (let run = 0; run < 1 + Math.floor(random() * 6); run++) {
        const topic = random() < 0.3 ? 'u' : 't';
        const partition = Math.floor(random() * 3);
        const k = partitionKey(topic, partition);
        if (!positions.has(k) && random() < 0.5)
          positions.set(k, { topic, partition, offset: String(base + BigInt(Math.floor(random() * 10))) });
        // A run sometimes starts back before where the last one of its partition ended (a source that sought back).
        let at = (cursor.get(k) ?? base) - BigInt(random() < 0.3 ? Math.floor(random() * 5) : 0);
        if (at < 0n) at = 0n;
        for (let n = Math.floor(random() * 8); n > 0; n--) polled.push(rec(partition, at++, Math.floor(random() * 100), topic));
        cursor.set(k, at);
      }
      const got = batchRecords(polled, positions);
      expect(got.records.map((r) => `${r.topic}/${r.partition}@${r.offset}`)).toEqual(reference(polled, positions));
      expect([...got.counts.values()].reduce((n, c) => n + c, 0)).toBe(got.records.length);
    }
  });
});
