import { describe, expect, it } from 'vitest';
import { resolveStartPositions } from '../../src/connectors/kafka/startPositions.js';
import { topicsMatching } from '../../src/connectors/kafka/topicPattern.js';
import { partitionKey } from '../../src/runtime/ports/partitionKey.js';
import type { PartitionEnd } from '../../src/runtime/ports/Source.js';

const ends: PartitionEnd[] = [
  { topic: 't', partition: 0, low: '10', high: '50' },
  { topic: 't', partition: 1, low: '0', high: '7' },
  { topic: 't', partition: 2, low: '3', high: '3' },
];
const at = (m: Map<string, bigint>) => [0, 1, 2].map((p) => Number(m.get(partitionKey('t', p))));

describe('resolveStartPositions', () => {
  it('per partition: an offset inside the log is kept, one outside is brought to its nearer end; a partition not given starts at the earliest', () => {
    expect(at(resolveStartPositions(ends, { startingOffsets: { offsets: { t: { '0': 5, '1': 99 } } }, from: [] }))).toEqual([10, 7, 3]);
    expect(at(resolveStartPositions(ends, { startingOffsets: { offsets: { t: { '0': 20, '1': 'latest' } } }, from: [] }))).toEqual([
      20, 7, 3,
    ]);
  });

  it("a time: the broker's offset for it, else the log end", () => {
    const atTime = new Map([[partitionKey('t', 0), 42n]]);
    expect(at(resolveStartPositions(ends, { startingOffsets: { timestamp: 1 }, from: [], atTime }))).toEqual([42, 7, 3]);
  });

  it("the sink's stored offsets win over any start", () => {
    const from = [{ topic: 't', partition: 1, offset: '2' }];
    expect(at(resolveStartPositions(ends, { startingOffsets: 'latest', from }))).toEqual([50, 2, 3]);
    expect(at(resolveStartPositions(ends, { startingOffsets: { timestamp: 1 }, from, atTime: new Map() }))).toEqual([50, 2, 3]);
  });
});

describe('topicsMatching', () => {
  it('matches whole names, as the Java consumer does, and leaves internal topics out', () => {
    const topics = ['orders.eu', 'orders.us', 'orders', 'old.orders.eu', 'orders.eu.dlq', '__consumer_offsets'];
    expect(topicsMatching('orders\\.[a-z]+', topics)).toEqual(['orders.eu', 'orders.us']);
    expect(topicsMatching('.*', topics)).toEqual(['old.orders.eu', 'orders', 'orders.eu', 'orders.eu.dlq', 'orders.us']);
    expect(topicsMatching('orders|old.*', topics)).toEqual(['old.orders.eu', 'orders']);
  });
});
