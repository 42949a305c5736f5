import type { Logger } from './Logger.js';
import { sleep } from './sleep.js';

/**
 * How a failing sink call is tried again: backoff doubling from `firstDelayMs`
 * up to `maxDelayMs`, with full jitter (each wait drawn between 0 and that
 * bound, so many queries hit by one outage do not retry in step). Retries go on
 * until the outage ends unless `giveUpAfterMs` (since the first failure) or
 * `attempts` (in all) say when to stop.
 */
export interface RetryPolicy {
  readonly firstDelayMs: number;
  readonly maxDelayMs: number;
  readonly giveUpAfterMs?: number;
  readonly attempts?: number;
}

export const SINK_RETRY: RetryPolicy = { firstDelayMs: 500, maxDelayMs: 30_000 };

/**
 * Opening the sink is tried a few times only, unless the policy caps attempts
 * itself: a query that never reached its database is a deployment mistake (a
 * wrong host, a port, a password) to report, not an outage to wait out.
 */
export function atStart(policy: RetryPolicy): RetryPolicy {
  return { ...policy, attempts: policy.attempts ?? UNRECOGNISED_ERROR_ATTEMPTS };
}

/**
 * What a failed call's error may say about retrying it: `retriable: false`,
 * retrying cannot help; `attemptsAtMost`, an error nothing recognised (not
 * known to be an outage) is tried only so often, so that a mistake never
 * waits forever as if it were an outage.
 */
export interface RetryHints {
  readonly retriable?: boolean;
  readonly attemptsAtMost?: number;
}

export const UNRECOGNISED_ERROR_ATTEMPTS = 6;

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

/** The wait before attempt `attempt + 1`: full jitter under the doubled bound. */
export function backoffDelay(policy: RetryPolicy, attempt: number, random: () => number = Math.random): number {
  const bound = Math.min(policy.maxDelayMs, policy.firstDelayMs * 2 ** Math.min(attempt - 1, 30));
  return Math.round(random() * bound);
}

/**
 * Runs `op` until it succeeds, unless the error says retrying cannot help
 * (`retriable: false`) or the policy gives up. The operation must be atomic and
 * idempotent (a sink transaction that recognises an attempt already committed,
 * see offsetFence), so a retry never duplicates. Aborting `signal` ends a wait
 * at once with StopRequested.
 *
 * While this waits, the query fetches nothing: the micro-batch loop is the
 * circuit breaker (open while waiting, half-open for the one attempt of the same
 * batch, closed when it commits), and the source pauses its consumer once its
 * bounded buffer is full.
 */
export async function withRetry<T>(
  what: string,
  op: () => Promise<T>,
  policy: RetryPolicy,
  log: Logger,
  onRetry: (error: Error, delayMs: number) => void,
  signal?: AbortSignal,
): Promise<T> {
  let failingSince: number | undefined;
  for (let attempt = 1; ; attempt++) {
    try {
      return await op();
    } catch (e) {
      failingSince ??= Date.now();
      if (!retriable(e, attempt) || givesUp(policy, attempt, failingSince)) throw e;
      const delay = backoffDelay(policy, attempt);
      const of = policy.attempts !== undefined ? ` of ${policy.attempts}` : '';
      log.warn(`${what} failed (attempt ${attempt}${of}${failingFor(failingSince)}): ${(e as Error).message}; retrying in ${delay} ms`);
      if (signal?.aborted) throw new StopRequested(what);
      onRetry(e as Error, delay);
      await sleep(delay, signal);
      if (signal?.aborted) throw new StopRequested(what);
    }
  }
}

/** A TypeError and its kind are k2o's own mistakes: no wait mends them. */
function retriable(e: unknown, attempt: number): boolean {
  if (e instanceof TypeError || e instanceof RangeError || e instanceof ReferenceError || e instanceof SyntaxError) return false;
  const hints = e as RetryHints;
  return hints.retriable !== false && (hints.attemptsAtMost === undefined || attempt < hints.attemptsAtMost);
}

function givesUp(policy: RetryPolicy, attempt: number, failingSince: number): boolean {
  if (policy.attempts !== undefined && attempt >= policy.attempts) return true;
  return policy.giveUpAfterMs !== undefined && Date.now() - failingSince >= policy.giveUpAfterMs;
}

function failingFor(since: number): string {
  const s = Math.round((Date.now() - since) / 1000);
  return s >= 1 ? `, failing for ${s} s` : '';
}
