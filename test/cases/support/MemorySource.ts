import { partitionKey } from '../../../src/runtime/ports/partitionKey.js';
import type { SourceOffset } from '../../../src/runtime/ports/Sink.js';
import type { PartitionEnd, Source, SourceRecord } from '../../../src/runtime/ports/Source.js';
import type { StartingOffsets } from '../../../src/core/SourceDef.js';
import { startPositionsOf } from './k2oRuntime.js';

export interface TopicPartition {
  readonly topic: string;
  readonly partition: number;
}

/**
 * A Source over records held in memory, delivered in the batches a test chose:
 * each poll hands out the next batch (cut at `maxRecords`), so batch boundaries,
 * and therefore watermarks and late rows, are exactly the test's. Every record
 * counts as already in the log, as in a topic produced before the query starts.
 */
export class MemorySource implements Source {
  private queue: SourceRecord[][] = [];
  private started = false;

  /** `partitions` lists every partition of the topics, with or without records. */
  constructor(
    private readonly batches: readonly (readonly SourceRecord[])[],
    private readonly partitions: readonly TopicPartition[],
    private readonly startingOffsets: StartingOffsets = 'earliest',
    /**
     * Called by a poll that finds nothing left, or by a look at the end offsets once
     * everything was delivered (EVERY looks before it polls): a test stops an unbounded run there.
     */
    private readonly onDrained: () => void = () => {},
  ) {}

  async start(from: readonly SourceOffset[]): Promise<SourceOffset[]> {
    const s = this.startingOffsets;
    const starts = startPositionsOf(await this.endOffsets(), {
      startingOffsets: s,
      from,
      ...(typeof s === 'object' && 'timestamp' in s && { atTime: this.offsetsAtOrAfter(s.timestamp) }),
    });
    const startOf = (topic: string, partition: number) => starts.get(partitionKey(topic, partition))!;
    this.queue = this.batches.map((b) => b.filter((r) => BigInt(r.offset) >= startOf(r.topic, r.partition))).filter((b) => b.length > 0);
    this.started = true;
    return this.partitions.map((p) => ({ ...p, offset: startOf(p.topic, p.partition).toString() }));
  }

  /** Each partition's first offset whose timestamp is at or after `timestamp`, as the broker answers it. */
  private offsetsAtOrAfter(timestamp: number): Map<string, bigint> {
    const at = new Map<string, bigint>();
    for (const r of this.batches.flat()) {
      const k = partitionKey(r.topic, r.partition);
      // Batches hold each partition's records in offset order: the first match is the one.
      if (r.timestamp >= timestamp && !at.has(k)) at.set(k, BigInt(r.offset));
    }
    return at;
  }

  /** The test's batches again from the offsets sought to; partitions not sought keep what they had left. */
  async seek(offsets: readonly SourceOffset[]): Promise<void> {
    const at = new Map(offsets.map((o) => [partitionKey(o.topic, o.partition), BigInt(o.offset)]));
    const left = new Set(this.queue.flat());
    this.queue = this.batches
      .map((b) =>
        b.filter((r) => {
          const from = at.get(partitionKey(r.topic, r.partition));
          return from === undefined ? left.has(r) : BigInt(r.offset) >= from;
        }),
      )
      .filter((b) => b.length > 0);
  }

  async poll(maxRecords: number): Promise<SourceRecord[]> {
    const next = this.queue[0];
    if (!next) {
      this.onDrained();
      // As a broker would, let time pass before answering "nothing": an unbounded loop must not spin.
      await new Promise((resolve) => setTimeout(resolve, 5));
      return [];
    }
    if (next.length <= maxRecords) return this.queue.shift()!;
    this.queue[0] = next.slice(maxRecords);
    return next.slice(0, maxRecords);
  }

  pendingPartitions(): TopicPartition[] {
    const pending = new Map<string, TopicPartition>();
    for (const b of this.queue)
      for (const r of b) pending.set(partitionKey(r.topic, r.partition), { topic: r.topic, partition: r.partition });
    return [...pending.values()];
  }

  async endOffsets(): Promise<PartitionEnd[]> {
    if (this.started && this.queue.length === 0) this.onDrained();
    return this.partitions.map((p) => {
      const count = this.batches.flat().filter((r) => r.topic === p.topic && r.partition === p.partition).length;
      return { ...p, low: '0', high: String(count) };
    });
  }

  async commitForLag(): Promise<void> {}

  async close(): Promise<void> {}
}
