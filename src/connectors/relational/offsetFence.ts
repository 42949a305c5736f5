import { partitionKey } from '../../runtime/ports/partitionKey.js';
import type { SourceOffset } from '../../runtime/ports/Sink.js';

/**
 * What the offsets stored for a query say about a batch about to commit, read
 * inside the batch's transaction with the offset rows locked:
 * - `new`: the batch moves the query forward from where it is stored — write it;
 * - `committed`: every offset is already stored — an earlier attempt committed
 *   although its reply was lost, so writing again would duplicate its rows;
 * - `moved`: the batch does not start at the stored offsets (`from` given) —
 *   another process committed for the query since this one read them, so its
 *   rows and state would repeat or skip records;
 * - `behind`: (no `from`) some partition is already further on.
 */
export type FenceVerdict = { readonly kind: 'new' | 'committed' | 'behind' } | { readonly kind: 'moved'; readonly detail: string };

export function offsetFence(stored: readonly SourceOffset[], batch: readonly SourceOffset[], from?: readonly SourceOffset[]): FenceVerdict {
  const have = new Map(stored.map((o) => [partitionKey(o.topic, o.partition), BigInt(o.offset)]));
  if (batch.length > 0 && batch.every((o) => have.get(partitionKey(o.topic, o.partition)) === BigInt(o.offset)))
    return { kind: 'committed' };
  if (from === undefined) {
    const behind = batch.some((o) => {
      const s = have.get(partitionKey(o.topic, o.partition));
      return s !== undefined && s > BigInt(o.offset);
    });
    return { kind: behind ? 'behind' : 'new' };
  }
  const starts = new Map(from.map((o) => [partitionKey(o.topic, o.partition), BigInt(o.offset)]));
  const moved: string[] = [];
  for (const o of batch) {
    const k = partitionKey(o.topic, o.partition);
    const s = have.get(k);
    const start = starts.get(k);
    if (s !== undefined && s !== start)
      moved.push(`${o.topic}[${o.partition}] stored at ${s}, batch starts at ${start ?? 'an unknown offset'}`);
  }
  return moved.length === 0 ? { kind: 'new' } : { kind: 'moved', detail: moved.join(', ') };
}

/** Another process commits for the same query: retrying cannot help. */
export class QueryFencedError extends Error {
  readonly retriable = false;
  constructor(queryId: string) {
    super(
      `the offsets stored for query ${queryId} are ahead of this process: another k2o runs the same query ` +
        `(stop one of them, or give them different names with WITH (name = '…'))`,
    );
  }
}
