import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * What `npm pack` would publish, from the dist/ that `npm test` compiled.
 * --ignore-scripts: listing must never rebuild dist/ under the tests that run the compiled CLI.
 */
function packedFiles(): string[] {
  const json = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { encoding: 'utf8' });
  const [pack] = JSON.parse(json) as [{ files: { path: string }[] }];
  return pack.files.map((f) => f.path).sort();
}

describe('the npm package', () => {
  const files = packedFiles();

  it('ships the product, its licence and its readme', () => {
    expect(files).toEqual(expect.arrayContaining(['dist/src/index.js', 'dist/src/index.d.ts', 'dist/bin/k2o.js', 'LICENSE', 'README.md']));
  });

  it('ships no benchmark, tools, tests or source maps', () => {
    expect(files.filter((f) => /^(dist\/)?(bench|tools|test)\//.test(f) || f.endsWith('.map'))).toEqual([]);
  });

  it('ships every file its own code imports, so nothing reaches back into bench/ or tools/', () => {
    const shipped = new Set(files);
    const missing = files
      // The bundle holds its packages' comments too (kafkajs's JSDoc imports); the next test reads its imports.
      .filter((f) => (f.endsWith('.js') || f.endsWith('.d.ts')) && !f.startsWith('dist/bin/'))
      .flatMap((f) =>
        [...readFileSync(f, 'utf8').matchAll(/(?:from|import\(?)\s*'(\.\.?\/[^']+)'/g)]
          .map((m) => join(dirname(f), m[1]!))
          .filter((target) => !shipped.has(target))
          .map((target) => `${f} → ${target}`),
      );
    expect(missing).toEqual([]);
  });

  it('ships every chunk the bundled CLI imports, on demand or not', () => {
    const shipped = new Set(files);
    const bundled = files.filter((f) => f.startsWith('dist/bin/'));
    const missing = bundled.flatMap((f) =>
      [...readFileSync(f, 'utf8').matchAll(/(?:from|import\()\s*"(\.\/[\w-]+\.js)"/g)]
        .map((m) => join(dirname(f), m[1]!))
        .filter((target) => !shipped.has(target))
        .map((target) => `${f} → ${target}`),
    );
    expect(bundled.length).toBeGreaterThan(1);
    expect(missing).toEqual([]);
  });
});
