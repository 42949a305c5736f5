import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** A text to compile and the name its diagnostics give it. */
export interface InputText {
  readonly name: string;
  readonly text: string;
}

export const STDIN_NAME = '<stdin>';

/**
 * The texts the PATHs of `check` and `explain` stand for: a file, every *.ksql
 * under a directory (recursively, in name order, so output is stable), or `-`
 * for standard input. Throws an Error saying which path cannot be read.
 */
export function readInputs(paths: readonly string[], readStdin: () => string = () => readFileSync(0, 'utf8')): InputText[] {
  return paths.flatMap((path): InputText[] => {
    if (path === '-') return [{ name: STDIN_NAME, text: readStdin() }];
    let isDirectory: boolean;
    try {
      isDirectory = statSync(path).isDirectory();
    } catch (e) {
      throw new Error(`cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    if (!isDirectory) return [{ name: path, text: readFileSync(path, 'utf8') }];
    const files = ksqlFilesUnder(path);
    if (files.length === 0) throw new Error(`cannot read ${path}: no .ksql files in that directory`);
    return files.map((f) => ({ name: f, text: readFileSync(f, 'utf8') }));
  });
}

function ksqlFilesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap((e) => {
      const path = join(dir, e.name);
      if (e.isDirectory()) return ksqlFilesUnder(path);
      return e.isFile() && e.name.endsWith('.ksql') ? [path] : [];
    });
}
