import type { Logger } from './Logger.js';

export interface RetryPolicy {
  readonly attempts: number;
  readonly firstDelayMs: number;
  readonly maxDelayMs: number;
}

export const SINK_RETRY: RetryPolicy = { attempts: 6, firstDelayMs: 500, maxDelayMs: 8000 };

/**
 * Runs `op` until it succeeds, waiting twice as long after each failure. The
 * operation must be atomic (a sink transaction), so a retry never duplicates.
 */
export async function withRetry<T>(what: string, op: () => Promise<T>, policy: RetryPolicy, log: Logger, onRetry: () => void): Promise<T> {
  let delay = policy.firstDelayMs;
  for (let attempt = 1; ; attempt++) {
    try {
      return await op();
    } catch (e) {
      if (attempt >= policy.attempts) throw e;
      log.warn(`${what} failed (attempt ${attempt} of ${policy.attempts}): ${(e as Error).message}; retrying in ${delay} ms`);
      onRetry();
      await new Promise((r) => setTimeout(r, delay));
      delay = Math.min(delay * 2, policy.maxDelayMs);
    }
  }
}
