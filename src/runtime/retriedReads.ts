import type { Source } from './ports/Source.js';
import type { RetryHints, RetryPolicy } from './retry.js';

/** The source's reads that the micro-batch loop makes. */
export type SourceReads = Pick<Source, 'poll' | 'endOffsets'>;

/**
 * A poll that fails costs nothing but a look at the source's own state (its
 * client reconnects in the background), so a read waiting out a broker outage
 * looks again at least this often, and the query resumes soon after the broker.
 */
const SOURCE_RETRY_CAP_MS = 5_000;

/**
 * The source's reads, each retried while the source says its broker is away
 * (an error with `retriable: true`; the query is RETRYING meanwhile), by the
 * query's retry policy with a shorter cap. Any other error ends the query as
 * it did. A source fails a poll only once it has handed out every record it
 * had, so a retried read loses nothing.
 */
export function retriedReads(
  source: Source,
  policy: RetryPolicy,
  retrying: <T>(what: string, op: () => Promise<T>, policy: RetryPolicy) => Promise<T>,
): SourceReads {
  const capped = { ...policy, maxDelayMs: Math.min(policy.maxDelayMs, SOURCE_RETRY_CAP_MS) };
  return {
    poll: (maxRecords, maxWaitMs) =>
      retrying(
        'reading from the source',
        outagesOnly(() => source.poll(maxRecords, maxWaitMs)),
        capped,
      ),
    endOffsets: () =>
      retrying(
        "reading the source's end offsets",
        outagesOnly(() => source.endOffsets()),
        capped,
      ),
  };
}

function outagesOnly<T>(op: () => Promise<T>): () => Promise<T> {
  return () =>
    op().catch((e: unknown) => {
      if (e instanceof Error && (e as RetryHints).retriable !== true) Object.assign(e, { retriable: false });
      throw e;
    });
}
