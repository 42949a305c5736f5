/**
 * Throughput over the interval from the moment the consumer owns its
 * partitions (group joined, fetching starts) to the last record handled. Every
 * consumer measurement and every query scenario uses this window, so their
 * rates compare, and each pays for its first fetch: starting the clock at the
 * first record in hand would not, and kafkajs decodes a whole multi-partition
 * fetch response before handing over its first batch. The time to join is
 * start-up, which S4 measures.
 */
export class ConsumeTiming {
  private first = NaN;
  private last = NaN;
  private count = 0;

  /** Partitions are assigned: starts the clock (once). */
  begin(): void {
    if (Number.isNaN(this.first)) this.first = performance.now();
  }

  /** `n` records have been handled (decoded, committed, …). */
  add(n: number): void {
    this.begin();
    this.count += n;
    this.last = performance.now();
  }

  get records(): number {
    return this.count;
  }

  result(): { records: number; seconds: number; rate: number } {
    const seconds = (this.last - this.first) / 1000;
    return { records: this.count, seconds, rate: seconds > 0 ? this.count / seconds : NaN };
  }
}
