import { describe, expect, it } from 'vitest';
import { offsetFence } from '../../src/connectors/relational/offsetFence.js';

const o = (partition: number, offset: string) => ({ topic: 'orders', partition, offset });

describe('offsetFence', () => {
  it('a batch moving any partition forward is new', () => {
    expect(offsetFence([], [o(0, '10')])).toBe('new');
    expect(offsetFence([o(0, '10'), o(1, '5')], [o(0, '20'), o(1, '5')])).toBe('new');
    expect(offsetFence([o(0, '10')], [o(0, '10'), o(1, '3')])).toBe('new');
  });

  it('a batch whose every offset is stored was committed already (a retry after a lost reply)', () => {
    expect(offsetFence([o(0, '20'), o(1, '5')], [o(0, '20'), o(1, '5')])).toBe('committed');
  });

  it('a stored offset beyond the batch means another writer of the same query', () => {
    expect(offsetFence([o(0, '30'), o(1, '5')], [o(0, '20'), o(1, '6')])).toBe('behind');
    // Offsets above 2^53 compare exactly.
    expect(offsetFence([o(0, '9007199254740993')], [o(0, '9007199254740992')])).toBe('behind');
  });
});
