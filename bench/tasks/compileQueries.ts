import { readFileSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { TaskChannel } from '../child/tasks.js';

export interface CompileParams {
  readonly dir: string;
  /** Compilations of each file after the first; the median is reported. */
  readonly repeats: number;
}

export interface CompileValue {
  /** import() of the compiler modules (Chevrotain included). */
  readonly loadMillis: number;
  /** The first compile in the process: Chevrotain builds its grammar tables then. */
  readonly firstMillis: number;
  readonly firstFile: string;
  /** Median compile time per file once warm. */
  readonly perFile: Readonly<Record<string, number>>;
  readonly errors: readonly string[];
}

/** S3: every golden query (queries/*.ksql) through compile(), cold and warm. */
export async function run(p: CompileParams, _channel: TaskChannel): Promise<CompileValue> {
  const files = readdirSync(p.dir)
    .filter((f) => f.endsWith('.ksql'))
    .sort()
    .map((f) => join(p.dir, f));
  if (files.length === 0) throw new Error(`no .ksql files in ${p.dir}`);
  const texts = files.map((f) => readFileSync(f, 'utf8'));

  let t = performance.now();
  const { compile } = await import('../../src/compile.js');
  const loadMillis = performance.now() - t;

  t = performance.now();
  compile(texts[0]!);
  const firstMillis = performance.now() - t;

  const perFile: Record<string, number> = {};
  const errors: string[] = [];
  texts.forEach((text, i) => {
    const name = basename(files[i]!);
    const times: number[] = [];
    for (let r = 0; r < p.repeats; r++) {
      const start = performance.now();
      const result = compile(text);
      times.push(performance.now() - start);
      if (r === 0 && result.diagnostics.some((d) => d.severity === 'error')) errors.push(name);
    }
    times.sort((a, b) => a - b);
    perFile[name] = times[Math.floor(times.length / 2)]!;
  });
  return { loadMillis, firstMillis, firstFile: basename(files[0]!), perFile, errors };
}
