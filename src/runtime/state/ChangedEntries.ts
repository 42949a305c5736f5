import type { OperatorChanges, OperatorEntry } from '../exec/Operator.js';

/**
 * What of an operator's keyed state changed since the last commit, tracked on
 * the operator's own objects (a group, a dedup key): the entries to write and
 * the stored keys to delete. An entry created and removed between two commits
 * was never stored, so removing it deletes nothing: a window that opens and
 * closes within one batch costs the commit nothing.
 */
export class ChangedEntries<T> {
  private readonly touched = new Set<T>();
  /** Created since the last commit: not stored yet. */
  private readonly fresh = new Set<T>();
  private removed: { keyGroup: number; key: string }[] = [];

  created(x: T): void {
    this.fresh.add(x);
    this.touched.add(x);
  }

  changed(x: T): void {
    this.touched.add(x);
  }

  deleted(x: T, key: string, keyGroup: number): void {
    this.touched.delete(x);
    if (!this.fresh.delete(x)) this.removed.push({ keyGroup, key });
  }

  /** The changes since the last call, each touched object as `entry` makes it; everything counts as stored afterwards. */
  take(entry: (x: T) => OperatorEntry): OperatorChanges {
    const put = [...this.touched].map(entry);
    const deleted = this.removed;
    this.touched.clear();
    this.fresh.clear();
    this.removed = [];
    return { put, deleted };
  }

  clear(): void {
    this.touched.clear();
    this.fresh.clear();
    this.removed = [];
  }
}
