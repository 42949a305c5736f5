import { expect, it } from 'vitest';
import { holdForFirstBatch } from '../../src/connectors/kafka/firstBatchHold.js';
import { partitionKey } from '../../src/runtime/ports/partitionKey.js';

const ends = [
  { topic: 'a', partition: 0, low: '0', high: '500' },
  { topic: 'a', partition: 1, low: '0', high: '900' },
  { topic: 'b', partition: 0, low: '0', high: '700' },
];
const startAt = (offsets: number[]) => new Map(ends.map((e, i) => [partitionKey(e.topic, e.partition), BigInt(offsets[i]!)]));

it('holds back every partition but the one with the largest backlog (from its start position), across topics', () => {
  // Backlogs 500, 300, 600: b[0] leads, although a[1] has the highest log end.
  const hold = holdForFirstBatch(ends, startAt([0, 600, 100]));
  expect(hold!.lead).toBe(partitionKey('b', 0));
  expect([...hold!.held.keys()]).toEqual([partitionKey('a', 0), partitionKey('a', 1)]);
  expect(hold!.held.get(partitionKey('a', 1))).toEqual({ topic: 'a', partition: 1 });
});

it('holds nothing when no partition has a backlog: the first records to arrive come from wherever they are produced', () => {
  expect(holdForFirstBatch(ends, startAt([500, 900, 700]))).toBeUndefined();
  expect(holdForFirstBatch([], new Map())).toBeUndefined();
});

it('a partition without a start position has no backlog', () => {
  const hold = holdForFirstBatch(ends, new Map([[partitionKey('a', 0), 499n]]));
  expect(hold!.lead).toBe(partitionKey('a', 0));
  expect([...hold!.held.keys()]).toEqual([partitionKey('a', 1), partitionKey('b', 0)]);
});
