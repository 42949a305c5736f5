import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readInputs, STDIN_NAME } from '../../src/cli/readInputs.js';

describe('the PATHs of check and explain', () => {
  it('a directory stands for its *.ksql files, recursively, in name order; - for standard input', () => {
    const dir = mkdtempSync(join(tmpdir(), 'k2o-inputs-'));
    mkdirSync(join(dir, 'b'));
    writeFileSync(join(dir, 'b', 'z.ksql'), 'z');
    writeFileSync(join(dir, 'a.ksql'), 'a');
    writeFileSync(join(dir, 'c.ksql'), 'c');
    writeFileSync(join(dir, 'notes.txt'), 'not a query');
    const single = join(dir, 'c.ksql');
    expect(readInputs([dir, '-', single], () => 'from stdin')).toEqual([
      { name: join(dir, 'a.ksql'), text: 'a' },
      { name: join(dir, 'b', 'z.ksql'), text: 'z' },
      { name: join(dir, 'c.ksql'), text: 'c' },
      { name: STDIN_NAME, text: 'from stdin' },
      { name: single, text: 'c' },
    ]);
  });

  it('says which path cannot be read, and a directory without .ksql files', () => {
    expect(() => readInputs(['/nonexistent/q.ksql'])).toThrow('cannot read /nonexistent/q.ksql: ENOENT');
    const empty = mkdtempSync(join(tmpdir(), 'k2o-inputs-'));
    expect(() => readInputs([empty])).toThrow(`cannot read ${empty}: no .ksql files in that directory`);
  });
});
