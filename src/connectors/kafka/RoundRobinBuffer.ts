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

  take(max: number): T[] {
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
