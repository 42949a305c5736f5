import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Folders of src/ import only downwards (DESIGN §1): core → expr → compiler →
 * plan → runtime → config → connectors → cli. The front door (compile.ts,
 * explain.ts, index.ts) stands on the top floor beside cli, so it may load the
 * connector registry's descriptors while the compiler never sees a connector.
 */
const src = resolve(import.meta.dirname, '../../src');
const FLOORS = ['core', 'expr', 'compiler', 'plan', 'runtime', 'config', 'connectors', 'cli'];

function floor(file: string): number {
  const top = relative(src, file).split('/')[0]!;
  return top.endsWith('.ts') ? FLOORS.indexOf('cli') : FLOORS.indexOf(top);
}

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

describe('layers', () => {
  it('every folder of src/ is a known floor', () => {
    for (const f of sources(src)) expect(floor(f), relative(src, f)).toBeGreaterThanOrEqual(0);
  });

  it('no file imports a floor above its own (type imports included)', () => {
    const upward: string[] = [];
    for (const f of sources(src)) {
      for (const m of readFileSync(f, 'utf8').matchAll(/(?:from|import\()\s*'(\.[^']+)'/g)) {
        const target = resolve(dirname(f), m[1]!).replace(/\.js$/, '.ts');
        if (target.startsWith(src) && floor(target) > floor(f)) upward.push(`${relative(src, f)} → ${relative(src, target)}`);
      }
    }
    expect(upward).toEqual([]);
  });
});
