import { describePhysical } from '../../plan/physical/displayPhysical.js';
import { partitionKey } from '../ports/partitionKey.js';
import type { OperatorChain } from '../buildOperators.js';

/**
 * State committed before operators had stable ids filed each stateful
 * operator's state under its EXPLAIN line, in chain order, and spelled a
 * partition `topic/partition`. It maps onto the chain by position and kind, and
 * only where the saved line is still the operator's EXPLAIN line, as the check
 * was then: by kind alone, another window or key would read state that means
 * something else. Undefined when it does not map: the plan is a different one.
 * (docs/language.md §13 says how long such state keeps restoring.)
 */
export function legacyOperatorStates(saved: Record<string, unknown>, chain: OperatorChain): Record<string, unknown> | undefined {
  const lines = Object.keys(saved);
  const stateful = chain.operators.flatMap((op, i) => (op.state ? [{ op, exec: chain.execs[i]! }] : []));
  if (lines.length !== stateful.length) return undefined;
  const byId: Record<string, unknown> = {};
  for (const [i, { op, exec }] of stateful.entries()) {
    const line = lines[i]!;
    if (line !== describePhysical(exec)) return undefined;
    byId[op.id!] = exec.kind === 'WatermarkExec' ? respellPartitions(saved[line]) : saved[line];
  }
  return byId;
}

/** The watermark's per-partition maxima, keyed by `partitionKey` (topic names cannot contain '/'). */
function respellPartitions(state: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries((state ?? {}) as Record<string, unknown>)) {
    const slash = k.lastIndexOf('/');
    out[partitionKey(k.slice(0, slash), Number(k.slice(slash + 1)))] = v;
  }
  return out;
}
