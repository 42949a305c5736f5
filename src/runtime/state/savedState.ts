import type { OperatorChain } from '../buildOperators.js';
import type { Operator, OperatorState } from '../exec/Operator.js';
import type { StateCommit, StateEntry, StoredState } from '../ports/StateEntries.js';
import { legacyOperatorStates } from './legacyState.js';

/**
 * The format of the query's state entry. 3: the header holds the watermark
 * and the stateful operators' ids, each operator's state is entries of its
 * own. 2: the header held every operator's whole state (restored, and written
 * as entries by the next commit); before 2 it had no format (legacyState.ts).
 */
const STATE_FORMAT = 3;

interface StateHeader {
  readonly format?: number;
  readonly watermark: number | null;
  /** Format 3: the stateful operators' ids, in chain order. Before: each one's whole state, by id (by EXPLAIN line before 2). */
  readonly operators: readonly string[] | Record<string, unknown>;
}

/** What a batch commits of the state, and what each operator's state weighs (for progress figures). */
export interface SavedState {
  readonly commit: StateCommit;
  /** Each stateful operator's state, estimated in bytes as UTF-16 holds its entries' text, by operator id. */
  readonly bytes: ReadonlyMap<string, number>;
}

/**
 * The mean size of each operator's entries as written so far: a state's
 * bytes are estimated from it and its rows, since only the changed entries are
 * serialised each batch.
 */
export class EntrySizes {
  private readonly seen = new Map<string, { bytes: number; entries: number }>();

  add(operator: string, entry: StateEntry): void {
    const s = this.seen.get(operator) ?? { bytes: 0, entries: 0 };
    s.bytes += 2 * (entry.key.length + entry.value.length);
    s.entries++;
    this.seen.set(operator, s);
  }

  estimate(operator: string, rows: number): number {
    const s = this.seen.get(operator);
    return s === undefined || s.entries === 0 ? 0 : Math.round((s.bytes / s.entries) * rows);
  }
}

type Stateful = Operator & { readonly id: string; readonly state: OperatorState };

function statefulOperators(chain: OperatorChain): Stateful[] {
  return chain.operators.filter((op): op is Stateful => op.state !== undefined && op.id !== undefined);
}

/** What the batch about to commit writes of the chain's state: the watermark, and each operator's changed entries. */
export function saveState(chain: OperatorChain, watermark: number, sizes: EntrySizes): SavedState {
  const stateful = statefulOperators(chain);
  const put: StateEntry[] = [];
  const deleted: StateCommit['deleted'][number][] = [];
  const bytes = new Map<string, number>();
  for (const op of stateful) {
    const changes = op.state.takeChanges();
    for (const e of changes.put) {
      const entry = { operator: op.id, keyGroup: e.keyGroup, key: e.key, value: JSON.stringify(e.value) ?? 'null' };
      sizes.add(op.id, entry);
      put.push(entry);
    }
    for (const d of changes.deleted) deleted.push({ operator: op.id, keyGroup: d.keyGroup, key: d.key });
    if (op.state.rows) bytes.set(op.id, sizes.estimate(op.id, op.state.rows()));
  }
  const header: StateHeader = {
    format: STATE_FORMAT,
    watermark: Number.isFinite(watermark) ? watermark : null,
    operators: stateful.map((op) => op.id),
  };
  return { commit: { header: JSON.stringify(header), put, deleted }, bytes };
}

/**
 * Restores every stateful operator of the chain from the state committed with
 * the last batch, and returns the watermark it held. The stateful operators must
 * be the same, each with the same id: a changed window, key or dedup bound would
 * read state that means something else, and a missing one would silently lose
 * rows already counted.
 */
export function restoreState(chain: OperatorChain, stored: StoredState, queryId: string): number {
  const header = JSON.parse(stored.header) as StateHeader;
  const stateful = statefulOperators(chain);
  const ours = stateful.map((op) => op.id).sort();
  const differs = (saved: readonly string[] | undefined) =>
    saved === undefined || JSON.stringify([...saved].sort()) !== JSON.stringify(ours);
  const refuse = (saved: readonly string[]) =>
    new Error(
      `the state committed by query ${queryId} was made by a different plan (${[...saved].sort().join('; ') || 'no stateful operators'}); ` +
        `run the changed query under a new name, WITH (name = '...'), to start it afresh`,
    );
  if (header.format === STATE_FORMAT) {
    const saved = header.operators as readonly string[];
    if (differs(saved)) throw refuse(saved);
    const byOperator = new Map<string, [string, unknown][]>(stateful.map((op) => [op.id, []]));
    for (const e of stored.entries) {
      const entries = byOperator.get(e.operator);
      if (entries === undefined) throw refuse([...saved, e.operator]);
      entries.push([e.key, JSON.parse(e.value)]);
    }
    // Key order, whatever order the sink read them in: a restored state iterates the same way every time.
    for (const op of stateful)
      op.state.restore(
        byOperator.get(op.id)!.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
        false,
      );
    return header.watermark ?? -Infinity;
  }
  const snapshots = header.operators as Record<string, unknown>;
  const byId = header.format === 2 ? snapshots : legacyOperatorStates(snapshots, chain);
  if (byId === undefined || differs(Object.keys(byId))) throw refuse(Object.keys(snapshots));
  for (const op of stateful) op.state.restore(op.state.entriesOfSnapshot(byId[op.id]), true);
  return header.watermark ?? -Infinity;
}
