import { partitionKey } from '../../runtime/ports/partitionKey.js';
import type { SourceOffset } from '../../runtime/ports/Sink.js';

/**
 * What the offsets stored for a query say about a batch about to commit, read
 * inside the batch's transaction with the offset rows locked:
 * - `new`: the batch moves the query forward — write it;
 * - `committed`: every offset is already stored — an earlier attempt committed
 *   although its reply was lost, so writing again would duplicate its rows;
 * - `behind`: some partition is already further on — another process runs the
 *   same query, and this one must stop rather than interleave with it.
 */
export function offsetFence(stored: readonly SourceOffset[], batch: readonly SourceOffset[]): 'new' | 'committed' | 'behind' {
  const have = new Map(stored.map((o) => [partitionKey(o.topic, o.partition), BigInt(o.offset)]));
  let allStored = batch.length > 0;
  for (const o of batch) {
    const s = have.get(partitionKey(o.topic, o.partition));
    const ours = BigInt(o.offset);
    if (s !== undefined && s > ours) return 'behind';
    if (s !== ours) allStored = false;
  }
  return allStored ? 'committed' : 'new';
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
