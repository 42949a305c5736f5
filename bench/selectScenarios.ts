import type { Scenario } from './Scenario.js';

/**
 * The scenarios `--only` asks for. An id names a scenario, or one figure of a
 * scenario that reports several (S4a, S4b and S4c are all S4's): that runs the
 * scenario. An id that is neither is an error, so that a typo does not run an
 * empty benchmark.
 */
export function selectScenarios(
  scenarios: readonly Scenario[],
  only: ReadonlySet<string> | null,
): { scenarios: readonly Scenario[] } | { error: string } {
  if (only === null) return { scenarios };
  const ids = new Set(scenarios.map((s) => s.id.toUpperCase()));
  const owner = (wanted: string): string | undefined =>
    ids.has(wanted) ? wanted : /^(.+)[A-Z]$/.test(wanted) && ids.has(wanted.slice(0, -1)) ? wanted.slice(0, -1) : undefined;
  const unknown = [...only].filter((w) => owner(w) === undefined);
  if (unknown.length > 0) {
    return { error: `--only: no scenario ${unknown.join(', ')} (known: ${scenarios.map((s) => s.id).join(', ')})` };
  }
  const owners = new Set([...only].map(owner));
  return { scenarios: scenarios.filter((s) => owners.has(s.id.toUpperCase())) };
}
