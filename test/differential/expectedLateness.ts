import type { GeneratedStream } from './generateStream.js';

/**
 * The documented rule, computed here on its own (docs/language.md §4): after each
 * batch the watermark is the smallest, over the partitions that have delivered,
 * of the largest event time seen, less the delay; it never moves back. A record
 * is late when its tumbling window of `sizeMs` ended at or before the watermark
 * as it stood when its batch began. Returns the late flags per batch and the
 * final watermark.
 */
export function expectedLateness(stream: GeneratedStream, sizeMs: number): { late: boolean[][]; watermark: number } {
  const max = new Map<number, number>();
  let watermark = -Infinity;
  const late = stream.batches.map((batch) => {
    const flags = batch.map((r) => Math.floor(r.ts / sizeMs) * sizeMs + sizeMs <= watermark);
    for (const r of batch) max.set(r.partition, Math.max(max.get(r.partition) ?? -Infinity, r.ts));
    watermark = Math.max(watermark, Math.min(...max.values()) - stream.delaySeconds * 1000);
    return flags;
  });
  return { late, watermark };
}
