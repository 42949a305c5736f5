import type { SourceOffset } from './Sink.js';

/** One record as the source delivers it, before decoding. */
export interface SourceRecord {
  readonly topic: string;
  readonly partition: number;
  /** Offset of this record, decimal string (Kafka offsets exceed 2^53 in principle). */
  readonly offset: string;
  /** Broker/producer timestamp, epoch ms. */
  readonly timestamp: number;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  /** Record headers by name (a name sent several times: its values in order); absent when there are none. */
  readonly headers?: Readonly<Record<string, Buffer | string | readonly (Buffer | string)[] | undefined>>;
}

/** The offset range a partition holds at one moment. */
export interface PartitionEnd {
  readonly topic: string;
  readonly partition: number;
  /** First offset still in the log. */
  readonly low: string;
  /** Offset the next produced record will get. */
  readonly high: string;
}

/**
 * A pull source: the runtime asks for the next micro-batch, so backpressure is
 * simply not asking.
 */
export interface Source {
  /**
   * Starts consuming. `from` are offsets read from the sink (exactly-once restart);
   * partitions absent there start at the stream's `startingOffsets`. Resolves to
   * every partition's start position, so the runtime knows where each stands
   * before it has read from it. `committed` reads the sink's stored offsets again:
   * a partition assigned to this source later (a rebalance, another process of
   * the same query stopping) starts there, never at this source's start-time
   * positions, which another process may have committed past meanwhile.
   */
  start(from: readonly SourceOffset[], committed?: () => Promise<SourceOffset[]>): Promise<SourceOffset[]>;
  /**
   * Moves each given partition to `offsets`: records of it buffered but not yet
   * polled are dropped and the next polls deliver it from there. The runtime
   * seeks back to the stored offsets when a batch lost the offsets fence.
   */
  seek(offsets: readonly SourceOffset[]): Promise<void>;
  /** Up to `maxRecords` records, waiting at most `maxWaitMs` for the first one. */
  poll(maxRecords: number, maxWaitMs: number): Promise<SourceRecord[]>;
  /**
   * Partitions holding records this source has not delivered yet, as far as it
   * knows (from its last fetches): event time must wait for those it has never
   * delivered from, or their first records would all be late.
   */
  pendingPartitions(): { readonly topic: string; readonly partition: number }[];
  /** Every partition's offset range now: where a bounded run (AVAILABLE NOW) stops. */
  endOffsets(): Promise<PartitionEnd[]>;
  /** Commits offsets to the consumer group, for lag monitoring only. */
  commitForLag(offsets: readonly SourceOffset[]): Promise<void>;
  close(): Promise<void>;
}
