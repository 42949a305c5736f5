import { describe, expect, it } from 'vitest';
import type { Logger } from '../../src/runtime/Logger.js';
import { StopRequested, withRetry } from '../../src/runtime/retry.js';

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
