import { partitionKey } from './ports/partitionKey.js';
import type { SourceOffset } from './ports/Sink.js';
import type { PartitionEnd } from './ports/Source.js';

/** How far one partition's committed position is behind its log end. */
export interface PartitionLag {
  readonly topic: string;
  readonly partition: number;
  /** The offset the next record produced to the partition gets. */
  readonly logEndOffset: string;
  /** The next offset to read, as the sink's last committed transaction stored it. */
  readonly committedOffset: string;
  /** Records produced but not yet committed into the sink. */
  readonly lag: number;
}

export interface LagSample {
  /** When the log ends were read (epoch ms). */
  readonly sampledAt: number;
  readonly partitions: readonly PartitionLag[];
}

/** How often the log ends are read by default. */
export const LAG_SAMPLE_EVERY_MS = 5_000;

/**
 * Samples a query's consumer lag on a timer, not per batch, so a query that is
 * stuck (no batch commits) still shows its lag growing. The committed side is
 * what the sink stored, the source of truth for where a restart resumes; the
 * consumer group's commits, which lag tools read, can trail it.
 */
export class LagSampler {
  private readonly committed = new Map<string, SourceOffset>();
  private latest: LagSample | undefined;
  private timer: NodeJS.Timeout | undefined;
  private inFlight = false;

  constructor(
    private readonly logEnds: () => Promise<PartitionEnd[]>,
    private readonly everyMs: number = LAG_SAMPLE_EVERY_MS,
    private readonly onSample?: (sample: LagSample) => void,
  ) {}

  /**
   * Positions the sink has committed (at start, and after each batch). The last
   * sample's log ends are measured against them at once, so a batch that caught
   * up shows as such before the next read of the log ends.
   */
  commit(positions: readonly SourceOffset[]): void {
    for (const p of positions) this.committed.set(partitionKey(p.topic, p.partition), p);
    if (!this.latest) return;
    const ends = this.latest.partitions.map((p) => ({
      topic: p.topic,
      partition: p.partition,
      low: p.committedOffset,
      high: p.logEndOffset,
    }));
    this.latest = { sampledAt: this.latest.sampledAt, partitions: ends.map((e) => this.lagOf(e)) };
    this.onSample?.(this.latest);
  }

  /** Samples at once, then on every tick until `stop`. */
  start(): void {
    if (this.timer) return;
    void this.sample();
    this.timer = setInterval(() => void this.sample(), this.everyMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** The last sample; undefined before the first read of the log ends has answered. */
  latestSample(): LagSample | undefined {
    return this.latest;
  }

  /** One read of the log ends; a failed read keeps the previous sample (the broker may be away for a moment). */
  async sample(): Promise<LagSample | undefined> {
    if (this.inFlight) return this.latest;
    this.inFlight = true;
    try {
      const ends = await this.logEnds();
      this.latest = { sampledAt: Date.now(), partitions: ends.map((e) => this.lagOf(e)) };
      this.onSample?.(this.latest);
    } catch {
      // The next tick tries again; lag is a figure to watch, never a reason to stop a query.
    } finally {
      this.inFlight = false;
    }
    return this.latest;
  }

  private lagOf(end: PartitionEnd): PartitionLag {
    const at = this.committed.get(partitionKey(end.topic, end.partition))?.offset ?? end.low;
    const behind = BigInt(end.high) - BigInt(at);
    return {
      topic: end.topic,
      partition: end.partition,
      logEndOffset: end.high,
      committedOffset: at,
      lag: behind > 0n ? Number(behind) : 0,
    };
  }
}
