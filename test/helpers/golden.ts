import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * Compares `actual` with the golden file at `path` (relative to the repository
 * root). With UPDATE_GOLDEN=1 it rewrites the file instead, so a deliberate change
 * is one command and a reviewable diff.
 */
export function expectGolden(path: string, actual: string): void {
  const file = isAbsolute(path) ? path : resolve(repoRoot, path);
  const text = actual.endsWith('\n') ? actual : `${actual}\n`;
  if (process.env.UPDATE_GOLDEN === '1') {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
    return;
  }
  let expected: string;
  try {
    expected = readFileSync(file, 'utf8');
  } catch {
    throw new Error(`golden file ${path} is missing; create it with UPDATE_GOLDEN=1`);
  }
  expect(text, `differs from golden file ${path} (UPDATE_GOLDEN=1 rewrites it)`).toBe(expected);
}
