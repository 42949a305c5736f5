import type { Logger } from './Logger.js';

export interface RetryPolicy {
  readonly attempts: number;
  readonly firstDelayMs: number;
  readonly maxDelayMs: number;
}

export const SINK_RETRY: RetryPolicy = { attempts: 6, firstDelayMs: 500, maxDelayMs: 8000 };

/**
 * Runs `op` until it succeeds, waiting twice as long after each failure, unless
 * the error says retrying cannot help (`retriable: false`). The operation must
 * be atomic and idempotent (a sink transaction that recognises an attempt
 * already committed, see offsetFence), so a retry never duplicates.
 */
export async function withRetry<T>(
  what: string,
  op: () => Promise<T>,
  policy: RetryPolicy,
  log: Logger,
  onRetry: (error: Error, delayMs: number) => void,
): Promise<T> {
  let delay = policy.firstDelayMs;
  for (let attempt = 1; ; attempt++) {
    try {
      return await op();
    } catch (e) {
      if (attempt >= policy.attempts || (e as { retriable?: boolean }).retriable === false) throw e;
      log.warn(`${what} failed (attempt ${attempt} of ${policy.attempts}): ${(e as Error).message}; retrying in ${delay} ms`);
      onRetry(e as Error, delay);
      await new Promise((r) => setTimeout(r, delay));
      delay = Math.min(delay * 2, policy.maxDelayMs);
    }
  }
}
