import { describe, expect, it } from 'vitest';
import { collectUpTo } from '../../src/runtime/collectRecords.js';
import type { Source, SourceRecord } from '../../src/runtime/ports/Source.js';

const record = (partition: number, offset: number): SourceRecord => ({
  topic: 't',
  partition,
  offset: String(offset),
  timestamp: 0,
  key: null,
  value: Buffer.from('{}'),
});

/** Polls answer from a script: a rebalance that gives a partition back makes a source deliver records again. */
function scripted(polls: SourceRecord[][]): Source {
  return {
    start: async () => [],
    seek: async () => {},
    poll: async () => polls.shift() ?? [],
    pendingPartitions: () => [],
    endOffsets: async () => [],
    commitForLag: async () => {},
    close: async () => {},
  };
}

describe('collectUpTo', () => {
  it('takes a record a source delivers again within one collection once', async () => {
    const source = scripted([
      [record(0, 0), record(0, 1), record(1, 0)],
      // Sought back to the stored offsets after a rebalance: 0 and 1 again.
      [record(0, 0), record(0, 1), record(0, 2), record(1, 1)],
    ]);
    const got = await collectUpTo(
      source,
      [
        { topic: 't', partition: 0, low: '0', high: '3' },
        { topic: 't', partition: 1, low: '0', high: '2' },
      ],
      { from: new Map(), max: Infinity, cut: true, pollWaitMs: 0, patience: 3 },
    );
    expect(got.map((r) => `${r.partition}@${r.offset}`)).toEqual(['0@0', '0@1', '1@0', '0@2', '1@1']);
  });
});
