import { describe, expect, it } from 'vitest';
import type { Logger } from '../../src/runtime/Logger.js';
import { atStart, backoffDelay, StopRequested, withRetry } from '../../src/runtime/retry.js';

const quiet: Logger = { info: () => {}, warn: () => {}, error: () => {} };
const policy = { attempts: 6, firstDelayMs: 60_000, maxDelayMs: 60_000 };

describe('withRetry and a stop', () => {
  it('a stop during the wait before the next attempt ends it at once with StopRequested, without another attempt', async () => {
    const stop = new AbortController();
    let attempts = 0;
    const started = Date.now();
    const run = withRetry(
      'writing batch 1',
      async () => {
        attempts++;
        throw new Error('connection refused');
      },
      policy,
      quiet,
      () => setTimeout(() => stop.abort(), 20),
      stop.signal,
    );
    await expect(run).rejects.toBeInstanceOf(StopRequested);
    await expect(run).rejects.toThrow('stopped while writing batch 1 waited to be retried');
    expect(attempts).toBe(1);
    // The wait was a minute: ending long before it is what the stop is for.
    expect(Date.now() - started).toBeLessThan(30_000);
  });

  it('without a stop, the retries go on and the last error is the one thrown', async () => {
    let attempts = 0;
    const run = withRetry(
      'opening t',
      async () => {
        attempts++;
        throw new Error(`refused ${attempts}`);
      },
      { attempts: 3, firstDelayMs: 1, maxDelayMs: 1 },
      quiet,
      () => {},
    );
    await expect(run).rejects.toThrow('refused 3');
    expect(attempts).toBe(3);
  });
});

describe('withRetry over an outage', () => {
  const failing = (make: (n: number) => Error) => {
    let attempts = 0;
    const op = async () => {
      attempts++;
      throw make(attempts);
    };
    return { op, count: () => attempts };
  };

  it('waits with full jitter: each wait between 0 and the doubled bound, capped', () => {
    const policy = { firstDelayMs: 500, maxDelayMs: 30_000 };
    expect([1, 2, 3, 7, 40].map((a) => backoffDelay(policy, a, () => 1))).toEqual([500, 1000, 2000, 30_000, 30_000]);
    expect(backoffDelay(policy, 3, () => 0)).toBe(0);
    expect(backoffDelay(policy, 3, () => 0.25)).toBe(500);
  });

  it('retries a recognised outage past the six attempts of old, until it ends', async () => {
    let attempts = 0;
    const result = await withRetry(
      'writing batch 1',
      async () => {
        if (++attempts < 12) throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
        return 'committed';
      },
      { firstDelayMs: 1, maxDelayMs: 2 },
      quiet,
      () => {},
    );
    expect(result).toBe('committed');
    expect(attempts).toBe(12);
  });

  it('gives up when giveUpAfterMs has passed since the first failure', async () => {
    const f = failing(() => new Error('connection refused'));
    await expect(withRetry('opening t', f.op, { firstDelayMs: 5, maxDelayMs: 5, giveUpAfterMs: 40 }, quiet, () => {})).rejects.toThrow();
    expect(f.count()).toBeGreaterThan(1);
  });

  it('tries an error nothing recognised only attemptsAtMost times', async () => {
    const f = failing((n) => Object.assign(new Error(`odd ${n}`), { attemptsAtMost: 4 }));
    await expect(withRetry('opening t', f.op, { firstDelayMs: 1, maxDelayMs: 1 }, quiet, () => {})).rejects.toThrow('odd 4');
    expect(f.count()).toBe(4);
  });

  it("never retries k2o's own mistake (a TypeError)", async () => {
    const f = failing(() => new TypeError('x is undefined'));
    await expect(withRetry('opening t', f.op, { firstDelayMs: 1, maxDelayMs: 1 }, quiet, () => {})).rejects.toBeInstanceOf(TypeError);
    expect(f.count()).toBe(1);
  });

  it('names the attempt and how long the sink has been failing, without an "of N" when there is no cap', async () => {
    const lines: string[] = [];
    const log: Logger = { ...quiet, warn: (m) => lines.push(m) };
    let attempts = 0;
    await withRetry(
      'writing batch 3',
      async () => {
        if (++attempts < 3) throw new Error('terminating connection due to administrator command');
      },
      { firstDelayMs: 1, maxDelayMs: 1 },
      log,
      () => {},
    );
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/^writing batch 3 failed \(attempt 2\): terminating connection .*; retrying in [01] ms$/);
  });

  it('caps the attempts of opening the sink, unless the policy caps them itself', () => {
    expect(atStart({ firstDelayMs: 500, maxDelayMs: 30_000 }).attempts).toBe(6);
    expect(atStart({ firstDelayMs: 500, maxDelayMs: 30_000, attempts: 2 }).attempts).toBe(2);
  });
});
