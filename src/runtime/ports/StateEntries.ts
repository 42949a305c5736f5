/**
 * Operator state as a sink stores it: a row (a record) per key of each
 * stateful operator, plus one per query that holds the watermark. A batch
 * commits only the entries it changed and the keys it removed, so what a
 * commit writes follows the batch, not the whole state.
 */

/** Where one entry lives: its operator, its key within that operator, and the key group the key hashes to. */
export interface StateEntryKey {
  /** The operator's id (state/operatorId.ts). */
  readonly operator: string;
  /**
   * 0 to KEY_GROUPS - 1 (state/keyGroup.ts), from the group key only: every
   * window of one key is in one key group, the unit a process hands over to
   * another with its state.
   */
  readonly keyGroup: number;
  readonly key: string;
}

export interface StateEntry extends StateEntryKey {
  /** JSON text. */
  readonly value: string;
}

/** What a batch commits of the query's state. */
export interface StateCommit {
  /** The query's own entry (JSON): state format, watermark, and the ids of the stateful operators it was made by. */
  readonly header: string;
  /** Entries written: new keys and changed ones; a key appears once, and never also in `deleted`. */
  readonly put: readonly StateEntry[];
  /** Keys the batch removed (closed windows, forgotten dedup keys), each stored by an earlier commit. */
  readonly deleted: readonly StateEntryKey[];
}

/** What a sink read back of the state committed with the query's last batch. */
export interface StoredState {
  readonly header: string;
  readonly entries: readonly StateEntry[];
}
