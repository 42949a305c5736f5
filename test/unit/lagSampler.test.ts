import { describe, expect, it } from 'vitest';
import { LagSampler } from '../../src/runtime/LagSampler.js';
import type { PartitionEnd } from '../../src/runtime/ports/Source.js';

describe('LagSampler', () => {
  it('measures each log end against the committed position, the partition’s start where none was committed', async () => {
    let ends: PartitionEnd[] = [
      { topic: 't', partition: 0, low: '0', high: '100' },
      { topic: 't', partition: 1, low: '10', high: '50' },
    ];
    const sampler = new LagSampler(async () => ends, 60_000);
    sampler.commit([{ topic: 't', partition: 0, offset: '40' }]);
    const first = await sampler.sample();
    expect(first!.partitions).toEqual([
      { topic: 't', partition: 0, logEndOffset: '100', committedOffset: '40', lag: 60 },
      { topic: 't', partition: 1, logEndOffset: '50', committedOffset: '10', lag: 40 },
    ]);
    // A commit is measured against the last log ends at once.
    sampler.commit([{ topic: 't', partition: 1, offset: '50' }]);
    expect(sampler.latestSample()!.partitions.map((p) => p.lag)).toEqual([60, 0]);
    // A failed read of the log ends keeps the last sample.
    ends = null as unknown as PartitionEnd[];
    const broken = new LagSampler(async () => Promise.reject(new Error('broker away')), 60_000);
    expect(await broken.sample()).toBeUndefined();
  });
});
