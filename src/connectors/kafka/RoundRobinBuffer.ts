/** FIFO of items kept in the arrays they arrived in, so taking is not O(n) per item. */
class ChunkQueue<T> {
  private readonly chunks: T[][] = [];
  private head = 0;
  size = 0;

  push(items: T[]): void {
    if (items.length === 0) return;
    this.chunks.push(items);
    this.size += items.length;
  }

  takeInto(out: T[], max: number): void {
    let wanted = Math.min(max, this.size);
    this.size -= wanted;
    while (wanted > 0) {
      const chunk = this.chunks[0] as T[];
      const end = Math.min(chunk.length, this.head + wanted);
      for (let i = this.head; i < end; i++) out.push(chunk[i] as T);
      wanted -= end - this.head;
      if (end === chunk.length) {
        this.chunks.shift();
        this.head = 0;
      } else {
        this.head = end;
      }
    }
  }
}

/**
 * Items queued per key (a topic partition), taken in fair shares across keys.
 * A plain FIFO would hand out a backlogged partition's whole fetch before any
 * record of the others, which skews event time across partitions and holds
 * back watermarks; fair shares keep the partitions moving together.
 */
export class RoundRobinBuffer<T> {
  private readonly queues = new Map<string, ChunkQueue<T>>();
  /** Which key goes first next time, so remainders do not always favour the same one. */
  private turn = 0;
  size = 0;

  push(key: string, items: T[]): void {
    let queue = this.queues.get(key);
    if (!queue) {
      queue = new ChunkQueue<T>();
      this.queues.set(key, queue);
    }
    queue.push(items);
    this.size += items.length;
  }

  /**
   * Up to `max` items. With `backlog` (each key's records not yet taken, fetched
   * or not), each key gets a share of `max` in proportion to its backlog, at
   * least one item, and a share its queue cannot fill is not handed to the
   * others: in a backlog the partitions then reach their ends together, so
   * their event times move together, where equal shares would let a partition
   * with fewer records run ahead and hold every window of the others open
   * (Spark's Kafka source splits maxOffsetsPerTrigger by each partition's lag
   * the same way). Without backlogs (or with none known), fair shares.
   */
  take(max: number, backlog?: ReadonlyMap<string, number>): T[] {
    const total = backlog ? [...backlog.values()].reduce((n, b) => n + b, 0) : 0;
    if (backlog && total > 0 && Number.isFinite(max)) return this.takeByBacklog(max, backlog, total);
    return this.takeFair(max);
  }

  private takeByBacklog(max: number, backlog: ReadonlyMap<string, number>, total: number): T[] {
    const out: T[] = [];
    const exact = (key: string, queue: ChunkQueue<T>) => (max * (backlog.get(key) ?? queue.size)) / total;
    // What the shares leave of `max` by rounding down goes, an item each, to the largest remainders.
    let rounding = max - [...backlog.keys()].reduce((n, key) => n + Math.floor((max * backlog.get(key)!) / total), 0);
    const queues = [...this.queues].filter(([, q]) => q.size > 0);
    for (const [key, queue] of queues) this.takeFrom(queue, out, Math.min(Math.max(1, Math.floor(exact(key, queue))), max - out.length));
    const byRemainder = queues
      .map(([key, queue]) => ({ queue, remainder: exact(key, queue) % 1 }))
      .sort((a, b) => b.remainder - a.remainder);
    for (const { queue } of byRemainder) {
      if (rounding <= 0 || out.length >= max) break;
      if (queue.size === 0) continue;
      this.takeFrom(queue, out, 1);
      rounding--;
    }
    return out;
  }

  private takeFrom(queue: ChunkQueue<T>, out: T[], n: number): void {
    const before = out.length;
    queue.takeInto(out, n);
    this.size -= out.length - before;
  }

  private takeFair(max: number): T[] {
    const out: T[] = [];
    while (out.length < max && this.size > 0) {
      const nonEmpty = [...this.queues.values()].filter((q) => q.size > 0);
      const share = Math.ceil((max - out.length) / nonEmpty.length);
      for (let i = 0; i < nonEmpty.length && out.length < max; i++) {
        const queue = nonEmpty[(i + this.turn) % nonEmpty.length] as ChunkQueue<T>;
        const before = out.length;
        queue.takeInto(out, Math.min(share, max - out.length));
        this.size -= out.length - before;
      }
    }
    this.turn++;
    return out;
  }

  /** How many items are queued under `key`. */
  sizeOf(key: string): number {
    return this.queues.get(key)?.size ?? 0;
  }

  /** Forgets every item queued under `key`. */
  drop(key: string): void {
    const queue = this.queues.get(key);
    if (!queue) return;
    this.size -= queue.size;
    this.queues.delete(key);
  }

  clear(): void {
    this.queues.clear();
    this.size = 0;
  }
}
