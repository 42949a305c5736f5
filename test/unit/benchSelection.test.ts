import { describe, expect, it } from 'vitest';
import { selectScenarios } from '../../bench/selectScenarios.js';
import type { Scenario } from '../../bench/Scenario.js';

const scenario = (id: string): Scenario => ({ id, run: async () => [] });
const all = ['L1', 'S1', 'S1s', 'S4'].map(scenario);
const ids = (only: string[]) => {
  const r = selectScenarios(all, new Set(only));
  return 'error' in r ? r.error : r.scenarios.map((s) => s.id);
};

describe('npm run bench -- --only', () => {
  it('runs every scenario without it', () => {
    expect(selectScenarios(all, null)).toEqual({ scenarios: all });
  });

  it('runs the scenario a figure belongs to (S4a is S4), and a scenario whose id has a letter more (S1s) as itself', () => {
    expect(ids(['S4A', 'S4C'])).toEqual(['S4']);
    expect(ids(['S1S'])).toEqual(['S1s']);
    expect(ids(['L1', 'S1'])).toEqual(['L1', 'S1']);
  });

  it('refuses an id that names nothing', () => {
    expect(ids(['S9'])).toBe('--only: no scenario S9 (known: L1, S1, S1s, S4)');
  });
});
