import type { OperatorChain } from '../buildOperators.js';
import { legacyOperatorStates } from './legacyState.js';

/** The format of the state text below; state saved before it had none (legacyState.ts). */
const STATE_FORMAT = 2;

/** What commits with each batch, so a restart resumes exactly where the last commit left off. */
interface SavedState {
  readonly format?: number;
  readonly watermark: number | null;
  /** State of each stateful operator, by operator id (operatorId.ts). */
  readonly operators: Record<string, unknown>;
}

/** The state a batch commits, and what each operator's part of it weighs (for progress figures). */
export interface StateSnapshot {
  /** JSON text of a SavedState. */
  readonly text: string;
  /** Each stateful operator's share of `text`, in bytes as UTF-16 holds it, by operator id. */
  readonly bytes: ReadonlyMap<string, number>;
}

/**
 * The chain's state as the JSON text a sink commits with the batch. Each
 * operator's state is serialised once, and its size read off that text, so
 * progress figures cost no second pass over the state.
 */
export function saveState(chain: OperatorChain, watermark: number): StateSnapshot {
  const bytes = new Map<string, number>();
  const parts: string[] = [];
  for (const op of chain.operators) {
    if (!op.snapshot) continue;
    const json = JSON.stringify(op.snapshot()) ?? 'null';
    bytes.set(op.id!, 2 * json.length);
    parts.push(`${JSON.stringify(op.id!)}:${json}`);
  }
  // The same text JSON.stringify gives for a SavedState: format, watermark, operators in chain order.
  const text = `{"format":${STATE_FORMAT},"watermark":${JSON.stringify(Number.isFinite(watermark) ? watermark : null)},"operators":{${parts.join(',')}}}`;
  return { text, bytes };
}

/**
 * Restores every stateful operator of the chain from the state committed with
 * the last batch, and returns the watermark it held. The stateful operators must
 * be the same, each with the same id: a changed window, key or dedup bound would
 * read state that means something else, and a missing one would silently lose
 * rows already counted.
 */
export function restoreState(chain: OperatorChain, text: string, queryId: string): number {
  const saved = JSON.parse(text) as SavedState;
  const stateful = chain.operators.filter((op) => op.snapshot !== undefined);
  const byId = saved.format === STATE_FORMAT ? saved.operators : legacyOperatorStates(saved.operators, chain);
  const savedIds = Object.keys(byId ?? {}).sort();
  const ourIds = stateful.map((op) => op.id!).sort();
  if (byId === undefined || JSON.stringify(savedIds) !== JSON.stringify(ourIds)) {
    throw new Error(
      `the state committed by query ${queryId} was made by a different plan (${Object.keys(saved.operators).sort().join('; ') || 'no stateful operators'}); ` +
        `run the changed query under a new name, WITH (name = '...'), to start it afresh`,
    );
  }
  for (const op of stateful) op.restore!(byId[op.id!]);
  return saved.watermark ?? -Infinity;
}
