import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The floors of src/ (DESIGN §1), lowest first: a file may import its own floor
 * and the floors below it, never one above. `compile.ts` and `explain.ts` are the
 * compiler's front door (text → plans): they stand above the connectors, since
 * they give the compiler the connector registry's descriptors, which the
 * compiler itself never imports. The engine (the runtime as a library) compiles
 * with them and runs on the connectors; the monitoring endpoints watch the
 * engine's queries; cli, the REPL and the package's index use them.
 */
const FLOORS: readonly (readonly string[])[] = [
  ['core'],
  ['expr'],
  ['compiler'],
  ['plan'],
  ['runtime'],
  ['config'],
  ['connectors'],
  ['compile.ts', 'explain.ts'],
  ['engine'],
  ['monitor'],
  ['cli', 'repl', 'index.ts'],
];

const SRC = 'src';

function floorOf(file: string): number {
  const top = relative(SRC, file).split('/')[0]!;
  const floor = FLOORS.findIndex((names) => names.includes(top));
  if (floor < 0) throw new Error(`${file}: ${top} is on no floor of the layering; add it to FLOORS`);
  return floor;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    return e.isDirectory() ? sourceFiles(path) : e.name.endsWith('.ts') ? [path] : [];
  });
}

/** Relative import targets of a file: static, type-only, re-exports and dynamic `import()`. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)'(\.[^']+)'/g)].map((m) => m[1]!);
  return specs.map((s) => normalize(join(dirname(file), s.replace(/\.js$/, '.ts'))));
}

describe('layering', () => {
  const files = sourceFiles(SRC);

  it('every import goes to the same floor or a lower one', () => {
    const upward = files.flatMap((file) =>
      importsOf(file)
        .filter((target) => target.startsWith(SRC + '/') && floorOf(target) > floorOf(file))
        .map((target) => `${file} → ${target}`),
    );
    expect(upward).toEqual([]);
  });

  it('core imports nothing of k2o outside core', () => {
    const outside = files
      .filter((f) => f.startsWith(join(SRC, 'core') + '/'))
      .flatMap((file) =>
        importsOf(file)
          .filter((t) => !t.startsWith(join(SRC, 'core') + '/'))
          .map((t) => `${file} → ${t}`),
      );
    expect(outside).toEqual([]);
  });

  it('the runtime and the connectors never import the compiler', () => {
    const compilerFloor = FLOORS.findIndex((names) => names.includes('compiler'));
    const reach = files
      .filter(
        (f) =>
          floorOf(f) >= FLOORS.findIndex((n) => n.includes('runtime')) && floorOf(f) <= FLOORS.findIndex((n) => n.includes('connectors')),
      )
      .flatMap((file) =>
        importsOf(file)
          .filter((t) => t.startsWith(SRC + '/') && (floorOf(t) === compilerFloor || /src\/(compile|explain)\.ts$/.test(t)))
          .map((t) => `${file} → ${t}`),
      );
    expect(reach).toEqual([]);
  });

  it('the REPL runs queries only through the Engine: it imports nothing of the runtime', () => {
    const runtime = join(SRC, 'runtime') + '/';
    const reach = files
      .filter((f) => f.startsWith(join(SRC, 'repl') + '/'))
      .flatMap((file) =>
        importsOf(file)
          .filter((t) => t.startsWith(runtime))
          .map((t) => `${file} → ${t}`),
      );
    expect(files.some((f) => f.startsWith(join(SRC, 'repl') + '/'))).toBe(true);
    expect(reach).toEqual([]);
  });
});
