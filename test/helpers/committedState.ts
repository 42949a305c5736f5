import type { Operator } from '../../src/runtime/exec/Operator.js';
import type { StateCommit } from '../../src/runtime/ports/StateEntries.js';

/**
 * An operator's state as a sink holds it: each commit's changes applied to
 * the entries of the one before, values through JSON as they are stored. What
 * a restore reads is then what the incremental commits add up to.
 */
export class CommittedState {
  readonly entries = new Map<string, unknown>();
  /** Puts and deletes of the last commit, for asserting what a batch wrote. */
  last = { put: 0, deleted: 0 };

  commit(op: Operator): this {
    const changes = op.state!.takeChanges();
    for (const d of changes.deleted) {
      if (!this.entries.has(d.key)) throw new Error(`deleted ${d.key}, which no earlier commit stored`);
      this.entries.delete(d.key);
    }
    for (const p of changes.put) this.entries.set(p.key, JSON.parse(JSON.stringify(p.value)));
    this.last = { put: changes.put.length, deleted: changes.deleted.length };
    return this;
  }

  restoreInto(op: Operator): void {
    op.state!.restore(
      [...this.entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
      false,
    );
  }
}

/** A state commit with only the query's header, for sink tests that store state as opaque text. */
export function headerOnly(header: string): StateCommit {
  return { header, put: [], deleted: [] };
}
