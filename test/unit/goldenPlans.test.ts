import { readdirSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../src/compiler/diagnostics/formatDiagnostic.js';
import { explain } from '../../src/explain.js';
import { expectGolden } from '../helpers/golden.js';

/**
 * Golden plans: every `queries/*.ksql` must compile, and its EXPLAIN text must
 * equal `queries/NAME.explain`; every `queries/invalid/*.ksql` must fail, and its
 * formatted diagnostics must equal `queries/invalid/NAME.diagnostics`.
 * `UPDATE_GOLDEN=1 npx vitest run test/unit/goldenPlans.test.ts` rewrites them.
 */
const queriesDir = resolve(import.meta.dirname, '../../queries');
const invalidDir = join(queriesDir, 'invalid');

const ksqlFiles = (dir: string) =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.ksql'))
    .sort();

const valid = ksqlFiles(queriesDir);
const invalid = ksqlFiles(invalidDir);

describe('golden plans: queries/*.ksql', () => {
  it('has the corpus the tests rely on', () => {
    expect(valid.length).toBeGreaterThanOrEqual(40);
    expect(valid).toContain('tumbling_sum.ksql');
  });

  it.each(valid)('%s', (file) => {
    const text = readFileSync(join(queriesDir, file), 'utf8');
    const result = explain(text);
    const errors = result.diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map((d) => formatDiagnostic(d, text, file))).toEqual([]);
    expect(result.text).not.toBe('');
    expectGolden(`queries/${basename(file, '.ksql')}.explain`, `${result.text}\n`);
  });
});

describe('golden diagnostics: queries/invalid/*.ksql', () => {
  it('has the corpus the tests rely on', () => {
    expect(invalid.length).toBeGreaterThanOrEqual(40);
  });

  it.each(invalid)('%s', (file) => {
    const text = readFileSync(join(invalidDir, file), 'utf8');
    const result = explain(text);
    const errors = result.diagnostics.filter((d) => d.severity === 'error');
    expect(errors.length).toBeGreaterThan(0);
    for (const d of result.diagnostics) expect(d.code).toMatch(/^K\d{4}$/);
    // No half-compiled output while there is an error.
    expect(result.text).toBe('');
    const shown = result.diagnostics.map((d) => formatDiagnostic(d, text, file)).join('\n');
    expectGolden(`queries/invalid/${basename(file, '.ksql')}.diagnostics`, `${shown}\n`);
  });

  it('reports every error of a file, not only the first', () => {
    for (const file of ['several_errors.ksql', 'several_syntax_errors.ksql']) {
      const text = readFileSync(join(invalidDir, file), 'utf8');
      const errors = explain(text).diagnostics.filter((d) => d.severity === 'error');
      expect(errors.length, file).toBeGreaterThan(2);
      // Distinct places, in source order.
      const offsets = errors.map((d) => d.span.offset);
      expect(new Set(offsets).size).toBe(offsets.length);
      expect([...offsets].sort((a, b) => a - b)).toEqual(offsets);
    }
  });
});
