import { partitionKey } from '../../runtime/ports/partitionKey.js';
import type { SourceOffset } from '../../runtime/ports/Sink.js';

/**
 * The offsets, among a query's stored ones, of the partitions a source reads
 * (`read`, by partitionKey): what its lag commit may send. Stored offsets may
 * name others (the stream's topic changed under the same query name, a topic
 * deleted since), and committing those makes the broker answer "does not host
 * this topic-partition" only after the client's retries.
 */
export function lagOffsets(stored: readonly SourceOffset[], read: ReadonlyMap<string, unknown>): SourceOffset[] {
  return stored.filter((o) => read.has(partitionKey(o.topic, o.partition)));
}
