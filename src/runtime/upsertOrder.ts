import type { Row } from '../core/Schema.js';
import type { OperatorChain } from './buildOperators.js';
import type { Decoded } from './decode/decodeJson.js';
import type { SourceRecord } from './ports/Source.js';

/** Rows and their partitions, reordered together. */
export type Reorder = (decoded: Decoded, records: readonly SourceRecord[]) => { rows: Row[]; partitions: string[] };

/**
 * MODE UPDATE keeps, of the rows a batch writes for one key, the last
 * (lastPerKey). Without an aggregate those rows are the records themselves, and
 * batch order interleaves partitions: an older copy re-sent on one partition
 * could overwrite the newer row of another. So the decoded rows are put in
 * (event time, offset, partition) order first — the event time is the
 * watermark column when the stream declares one, else the record's Kafka
 * timestamp — which makes "last" the latest by event time, deterministically.
 * An aggregate emits one row per group and needs none of this.
 */
export function upsertOrder(chain: OperatorChain): Reorder | undefined {
  if (chain.sink.target.mode !== 'update') return undefined;
  if (chain.execs.some((p) => p.kind.endsWith('AggregateExec'))) return undefined;
  const watermark = chain.execs.find((p) => p.kind === 'WatermarkExec');
  const timeIndex = watermark?.kind === 'WatermarkExec' ? chain.source.schema.findIndex((c) => c.name === watermark.column) : -1;
  return ({ rows, partitions, sources }, records) => {
    const time = (i: number): number => {
      const t = timeIndex >= 0 ? rows[i]![timeIndex] : undefined;
      return typeof t === 'number' ? t : records[sources[i]!]!.timestamp;
    };
    const order = rows.map((_, i) => i);
    order.sort((a, b) => {
      const ra = records[sources[a]!]!;
      const rb = records[sources[b]!]!;
      return (
        time(a) - time(b) ||
        compareOffsets(ra.offset, rb.offset) ||
        (partitions[a]! < partitions[b]! ? -1 : partitions[a]! > partitions[b]! ? 1 : 0)
      );
    });
    return { rows: order.map((i) => rows[i]!), partitions: order.map((i) => partitions[i]!) };
  };
}

function compareOffsets(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}
