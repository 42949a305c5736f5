import type { Logger } from './Logger.js';
import { sleep } from './sleep.js';

export interface RetryPolicy {
  readonly attempts: number;
  readonly firstDelayMs: number;
  readonly maxDelayMs: number;
}

export const SINK_RETRY: RetryPolicy = { attempts: 6, firstDelayMs: 500, maxDelayMs: 8000 };

/**
 * A stop (SIGINT/SIGTERM, `Query.stop()`) that came while a failed operation
 * waited for its next attempt: the attempts before it rolled back, so nothing
 * is half-written, and the query ends cleanly at once instead of waiting out
 * the retries.
 */
export class StopRequested extends Error {
  constructor(what: string) {
    super(`stopped while ${what} waited to be retried`);
  }
}

/**
 * Runs `op` until it succeeds, waiting twice as long after each failure, unless
 * the error says retrying cannot help (`retriable: false`). The operation must
 * be atomic and idempotent (a sink transaction that recognises an attempt
 * already committed, see offsetFence), so a retry never duplicates. Aborting
 * `signal` ends a wait at once with StopRequested.
 */
export async function withRetry<T>(
  what: string,
  op: () => Promise<T>,
  policy: RetryPolicy,
  log: Logger,
  onRetry: (error: Error, delayMs: number) => void,
  signal?: AbortSignal,
): Promise<T> {
  let delay = policy.firstDelayMs;
  for (let attempt = 1; ; attempt++) {
    try {
      return await op();
    } catch (e) {
      if (attempt >= policy.attempts || (e as { retriable?: boolean }).retriable === false) throw e;
      log.warn(`${what} failed (attempt ${attempt} of ${policy.attempts}): ${(e as Error).message}; retrying in ${delay} ms`);
      if (signal?.aborted) throw new StopRequested(what);
      onRetry(e as Error, delay);
      await sleep(delay, signal);
      if (signal?.aborted) throw new StopRequested(what);
      delay = Math.min(delay * 2, policy.maxDelayMs);
    }
  }
}
