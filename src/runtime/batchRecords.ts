import { partitionKey } from './ports/partitionKey.js';
import type { SourceOffset } from './ports/Sink.js';
import type { SourceRecord } from './ports/Source.js';

/** A poll's records that a batch takes, and what they move. */
export interface BatchRecords {
  readonly records: SourceRecord[];
  /** Records taken, by partition key. */
  readonly counts: Map<string, number>;
  /** Each partition's position after the batch: its last record's offset + 1. */
  readonly ends: Map<string, SourceOffset>;
  readonly oldestRecordAt: number;
}

/**
 * The records of a poll that are not in the committed rows and state already:
 * none below its partition's position, nor below a record of the same
 * partition earlier in the poll (a source that sought back to offsets read at
 * its assignment delivers them again). A source hands a partition's records
 * over in runs, so the key and the maps are looked up once per run, and
 * offsets compare as numbers while they are exact as numbers.
 */
export function batchRecords(polled: readonly SourceRecord[], positions: ReadonlyMap<string, SourceOffset>): BatchRecords {
  const records: SourceRecord[] = [];
  const counts = new Map<string, number>();
  const next = new Map<string, bigint>();
  const ends = new Map<string, SourceOffset>();
  let oldestRecordAt = Infinity;
  for (let i = 0; i < polled.length;) {
    const first = polled[i]!;
    const { topic, partition } = first;
    const key = partitionKey(topic, partition);
    const stored = positions.get(key)?.offset;
    let floor = next.get(key) ?? (stored === undefined ? -1n : BigInt(stored));
    // Below 2^53 (every offset a broker reaches in practice) a number compares exactly, without a BigInt per record.
    let floorNumber = floor < BigInt(Number.MAX_SAFE_INTEGER) ? Number(floor) : NaN;
    let taken = 0;
    let last: SourceRecord | undefined;
    for (; i < polled.length && polled[i]!.partition === partition && polled[i]!.topic === topic; i++) {
      const r = polled[i]!;
      const offset = r.offset.length < 16 && !Number.isNaN(floorNumber) ? Number(r.offset) : NaN;
      if (Number.isNaN(offset)) {
        if (BigInt(r.offset) < floor) continue;
        floor = BigInt(r.offset) + 1n;
        floorNumber = floor < BigInt(Number.MAX_SAFE_INTEGER) ? Number(floor) : NaN;
      } else {
        if (offset < floorNumber) continue;
        floorNumber = offset + 1;
      }
      records.push(r);
      if (r.timestamp < oldestRecordAt) oldestRecordAt = r.timestamp;
      last = r;
      taken++;
    }
    if (last === undefined) continue;
    if (!Number.isNaN(floorNumber)) floor = BigInt(floorNumber);
    next.set(key, floor);
    counts.set(key, (counts.get(key) ?? 0) + taken);
    ends.set(key, { topic, partition, offset: floor.toString() });
  }
  return { records, counts, ends, oldestRecordAt };
}
