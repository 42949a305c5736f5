import { describe, expect, it } from 'vitest';
import { offsetFence } from '../../src/connectors/relational/offsetFence.js';

const o = (partition: number, offset: string) => ({ topic: 'orders', partition, offset });
const kind = (...args: Parameters<typeof offsetFence>) => offsetFence(...args).kind;

describe('offsetFence', () => {
  it('a batch moving any partition forward is new', () => {
    expect(kind([], [o(0, '10')])).toBe('new');
    expect(kind([o(0, '10'), o(1, '5')], [o(0, '20'), o(1, '5')])).toBe('new');
    expect(kind([o(0, '10')], [o(0, '10'), o(1, '3')])).toBe('new');
  });

  it('a batch whose every offset is stored was committed already (a retry after a lost reply)', () => {
    expect(kind([o(0, '20'), o(1, '5')], [o(0, '20'), o(1, '5')])).toBe('committed');
    expect(kind([o(0, '20'), o(1, '5')], [o(0, '20'), o(1, '5')], [o(0, '10'), o(1, '5')])).toBe('committed');
  });

  it('a stored offset beyond the batch means another writer of the same query', () => {
    expect(kind([o(0, '30'), o(1, '5')], [o(0, '20'), o(1, '6')])).toBe('behind');
    // Offsets above 2^53 compare exactly.
    expect(kind([o(0, '9007199254740993')], [o(0, '9007199254740992')])).toBe('behind');
  });

  it('with its start offsets, a batch is new only if it starts exactly at every stored offset', () => {
    expect(kind([o(0, '10'), o(1, '5')], [o(0, '20'), o(1, '5')], [o(0, '10'), o(1, '5')])).toBe('new');
    // A partition nothing was stored for yet starts wherever the process started it.
    expect(kind([o(0, '10')], [o(0, '20'), o(1, '7')], [o(0, '10'), o(1, '3')])).toBe('new');
    expect(kind([], [o(0, '20')], [o(0, '0')])).toBe('new');
  });

  it('a batch that starts behind or ahead of a stored offset has moved: another process committed since (the hand-over)', () => {
    // Process B started at 100; A committed up to 500 before B's first batch, which ends ahead of 500.
    const handOver = offsetFence([o(0, '500')], [o(0, '600')], [o(0, '100')]);
    expect(handOver).toEqual({ kind: 'moved', detail: 'orders[0] stored at 500, batch starts at 100' });
    // A partition the batch did not read must still be where the process thinks: its state covers it.
    expect(kind([o(0, '10'), o(1, '9')], [o(0, '20'), o(1, '5')], [o(0, '10'), o(1, '5')])).toBe('moved');
    expect(kind([o(0, '10')], [o(0, '30')], [o(0, '20')])).toBe('moved');
    expect(kind([o(0, '9007199254740993')], [o(0, '9007199254740999')], [o(0, '9007199254740992')])).toBe('moved');
  });
});
