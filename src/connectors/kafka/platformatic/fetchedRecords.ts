import type { Consumer } from '@platformatic/kafka';
import type { SourceRecord } from '../../../runtime/ports/Source.js';

type FetchResponse = Awaited<ReturnType<Consumer['fetch']>>;
/** One partition's part of a fetch response. */
export type FetchedPartition = FetchResponse['responses'][number]['partitions'][number];
type RecordsBatch = NonNullable<FetchedPartition['records']>[number];

/** Batch attribute bits (Kafka's record batch format v2). */
const TIMESTAMP_TYPE_LOG_APPEND = 0x08;
const CONTROL = 0x20;

/**
 * The records of one partition's fetched batches from offset `from` on, as
 * SourceRecords, and the offset to fetch next. A compressed batch starts
 * before the offset asked for: its earlier records are dropped. Control
 * batches (transaction markers) carry no records but move the position past
 * them, as do aborted batches, which the client has already taken out.
 */
export function fetchedRecords(
  topic: string,
  partition: number,
  batches: readonly RecordsBatch[],
  from: bigint,
): { records: SourceRecord[]; next: bigint } {
  const records: SourceRecord[] = [];
  let next = from;
  for (const batch of batches) {
    const end = batch.firstOffset + BigInt(batch.lastOffsetDelta) + 1n;
    if (end > next) next = end;
    if (batch.attributes & CONTROL) continue;
    const logAppend = (batch.attributes & TIMESTAMP_TYPE_LOG_APPEND) !== 0;
    for (const r of batch.records) {
      const offset = batch.firstOffset + BigInt(r.offsetDelta);
      if (offset < from) continue;
      const headers = r.headers.length > 0 ? headersOf(r.headers) : undefined;
      records.push({
        topic,
        partition,
        offset: String(offset),
        timestamp: Number(logAppend ? batch.maxTimestamp : batch.firstTimestamp + r.timestampDelta),
        key: r.key,
        value: r.value,
        ...(headers && { headers }),
      });
    }
  }
  return { records, next };
}

/** Headers by name, as kafkajs gives them: a name sent several times has its values in order. */
function headersOf(pairs: readonly [Buffer | null, Buffer | null][]): Record<string, Buffer | Buffer[] | undefined> {
  const out: Record<string, Buffer | Buffer[] | undefined> = {};
  for (const [k, v] of pairs) {
    const name = k?.toString('utf8') ?? '';
    const value = v ?? undefined;
    const seen = out[name];
    if (!(name in out)) out[name] = value;
    else if (value !== undefined) out[name] = Array.isArray(seen) ? [...seen, value] : seen === undefined ? [value] : [seen, value];
  }
  return out;
}
