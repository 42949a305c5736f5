import type { Random } from './random.js';

/** One generated record: its partition and its JSON fields. */
export interface GeneratedRecord {
  readonly partition: number;
  readonly k: string | null;
  readonly v: number | null;
  /** Event time, epoch ms. */
  readonly ts: number;
}

export interface GeneratedStream {
  readonly partitions: number;
  readonly delaySeconds: number;
  readonly batches: readonly (readonly GeneratedRecord[])[];
}

const BASE = Date.UTC(2024, 0, 1);
const KEYS = ['a', 'b', 'c', 'd'];

/**
 * Several partitions whose clocks advance at their own pace; each record's event
 * time strays behind its partition's clock by up to three delays (so some are
 * within the watermark delay and some beyond it), a share of records re-sends an
 * earlier one (a duplicate, possibly in another partition), and keys and values
 * are sometimes NULL. Every partition delivers in the first batch.
 */
export function generateStream(r: Random): GeneratedStream {
  const partitions = r.int(1, 3);
  const delaySeconds = r.pick([0, 5, 10, 30]);
  const clocks = Array.from({ length: partitions }, () => BASE + r.int(0, 20) * 1000);
  const sent: GeneratedRecord[] = [];
  const batches: GeneratedRecord[][] = [];
  const batchCount = r.int(2, 5);
  for (let b = 0; b < batchCount; b++) {
    const batch: GeneratedRecord[] = [];
    const size = r.int(b === 0 ? partitions : 1, 15);
    for (let i = 0; i < size; i++) {
      const partition = b === 0 && i < partitions ? i : r.int(0, partitions - 1);
      if (sent.length > 0 && r.chance(0.1)) {
        const again = r.pick(sent);
        batch.push({ ...again, partition: r.chance(0.5) ? again.partition : partition });
        continue;
      }
      clocks[partition]! += r.int(0, 8) * 1000;
      const behind = r.chance(0.3) ? r.int(0, Math.max(1, delaySeconds) * 3) * 1000 : 0;
      const rec: GeneratedRecord = {
        partition,
        k: r.chance(0.1) ? null : r.pick(KEYS),
        v: r.chance(0.1) ? null : r.int(-10, 40) / (r.chance(0.3) ? 4 : 1),
        ts: clocks[partition]! - behind,
      };
      sent.push(rec);
      batch.push(rec);
    }
    batches.push(batch);
  }
  return { partitions, delaySeconds, batches };
}
