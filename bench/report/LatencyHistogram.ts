/** Percentiles of a latency distribution, in milliseconds. */
export interface LatencySummary {
  readonly count: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly max: number;
}

/** Bucket width: 1% of the value, so percentiles are within 1% whatever the spread. */
const GROWTH = Math.log(1.01);

/**
 * Per-record latencies of a run of a million records, in constant memory:
 * log-scaled buckets instead of an array of samples (which would itself add
 * tens of megabytes to the peak RSS being measured).
 */
export class LatencyHistogram {
  private readonly buckets = new Map<number, number>();
  private total = 0;
  private maxSeen = 0;

  record(ms: number, count = 1): void {
    const v = Math.max(ms, 0);
    const bucket = v < 1 ? 0 : Math.ceil(Math.log(v) / GROWTH);
    this.buckets.set(bucket, (this.buckets.get(bucket) ?? 0) + count);
    this.total += count;
    if (v > this.maxSeen) this.maxSeen = v;
  }

  /** Latencies of records committed at `now`, given their produce timestamps. */
  recordCommit(now: number, producedAt: ArrayLike<number>): void {
    for (let i = 0; i < producedAt.length; i++) this.record(now - producedAt[i]!);
  }

  get count(): number {
    return this.total;
  }

  /** Upper bound of the bucket holding the p-th percentile (p in 0..100). */
  percentile(p: number): number {
    if (this.total === 0) return NaN;
    const rank = Math.ceil((p / 100) * this.total);
    let seen = 0;
    for (const bucket of [...this.buckets.keys()].sort((a, b) => a - b)) {
      seen += this.buckets.get(bucket)!;
      if (seen >= rank) return Math.min(bucket === 0 ? 1 : Math.exp(bucket * GROWTH), this.maxSeen);
    }
    return this.maxSeen;
  }

  summary(): LatencySummary {
    return { count: this.total, p50: this.percentile(50), p90: this.percentile(90), p99: this.percentile(99), max: this.maxSeen };
  }
}
