import type { PartitionEnd, Source, SourceRecord } from '../../src/runtime/ports/Source.js';

/**
 * A Source that passes everything through and remembers, for the batch being
 * processed, each record's Kafka timestamp (its produce time): the runtime polls
 * one batch, processes and commits it before the next poll, so the timestamps of
 * the last poll are exactly those of the batch the next commit makes visible.
 */
export class InstrumentedSource implements Source {
  /** Produce timestamps of the records of the last non-empty poll. */
  pending: number[] = [];
  /** performance.now() when start() resolved (the consumer had joined its group). */
  startedAt = NaN;

  constructor(
    private readonly inner: Source,
    private readonly hooks: { onStarted?: () => void; onRecords?: () => void } = {},
  ) {}

  async start(...args: Parameters<Source['start']>): ReturnType<Source['start']> {
    const positions = await this.inner.start(...args);
    this.startedAt = performance.now();
    this.hooks.onStarted?.();
    return positions;
  }

  async poll(...args: Parameters<Source['poll']>): Promise<SourceRecord[]> {
    const records = await this.inner.poll(...args);
    if (records.length > 0) {
      this.hooks.onRecords?.();
      this.pending = records.map((r) => r.timestamp);
    }
    return records;
  }

  seek(...args: Parameters<Source['seek']>): Promise<void> {
    return this.inner.seek(...args);
  }

  endOffsets(): Promise<PartitionEnd[]> {
    return this.inner.endOffsets();
  }

  pendingPartitions(): ReturnType<Source['pendingPartitions']> {
    return this.inner.pendingPartitions();
  }

  commitForLag(...args: Parameters<Source['commitForLag']>): Promise<void> {
    return this.inner.commitForLag(...args);
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
