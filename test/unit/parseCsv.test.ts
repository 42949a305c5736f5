import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { CsvSyntaxError, parseCsv, type CsvSyntax } from '../../src/runtime/decode/parseCsv.js';

const SPARK: CsvSyntax = { delimiter: ',', quote: '"', escape: '\\', nullValue: '' };
const RFC: CsvSyntax = { delimiter: ',', quote: '"', escape: '"', nullValue: '' };

/** csv-parse with the same syntax: the reference parseCsv must agree with, line for line and field for field. */
function reference(text: string, s: CsvSyntax): (string | null)[][] | 'error' {
  try {
    return parse(text, {
      delimiter: s.delimiter,
      quote: s.quote,
      escape: s.escape,
      record_delimiter: ['\r\n', '\n', '\r'],
      relax_column_count: true,
      skip_empty_lines: true,
      cast: (value, context) => (!context.quoting && value === s.nullValue ? null : value),
    }) as (string | null)[][];
  } catch {
    return 'error';
  }
}

function ours(text: string, s: CsvSyntax): (string | null)[][] | 'error' {
  try {
    return parseCsv(text, s);
  } catch (e) {
    if (e instanceof CsvSyntaxError) return 'error';
    throw e;
  }
}

/** A small seeded generator, so a failure names a text that can be replayed. */
function random(seed: number): () => number {
  let x = seed;
  return () => (x = (x * 1103515245 + 12345) % 2147483648) / 2147483648;
}

describe('parseCsv', () => {
  it('reads fields, quoted fields with delimiters and line ends, escapes, NULL and line ends', () => {
    expect(parseCsv('a,b,,d', SPARK)).toEqual([['a', 'b', null, 'd']]);
    expect(parseCsv('"a,b","x\ny",""', SPARK)).toEqual([['a,b', 'x\ny', '']]);
    expect(parseCsv('"say \\"hi\\"",\\n', SPARK)).toEqual([['say "hi"', '\\n']]);
    expect(parseCsv('"say ""hi"""', RFC)).toEqual([['say "hi"']]);
    expect(parseCsv('1\r\n2\n\n3\r', SPARK)).toEqual([['1'], ['2'], ['3']]);
    expect(parseCsv('x;NA', { ...SPARK, delimiter: ';', nullValue: 'NA' })).toEqual([['x', null]]);
  });

  it('refuses an unclosed quote, a quote inside an unquoted field and text after a closing quote', () => {
    expect(() => parseCsv('"abc', SPARK)).toThrow('line 1: a quoted field is not closed');
    expect(() => parseCsv('ok\nab"c', SPARK)).toThrow('line 2: a quote inside an unquoted field (column 1)');
    expect(() => parseCsv('"ab"c', SPARK)).toThrow('line 1: a closing quote must be followed by a delimiter or a line end (column 1)');
  });

  it('agrees with csv-parse on 5,000 random texts of the characters that matter, for both escapes', () => {
    const alphabet = ['a', 'b', ',', '"', '\\', '\n', '\r', ';', ' ', 'é'];
    const next = random(7);
    for (let k = 0; k < 5000; k++) {
      const text = Array.from({ length: Math.floor(next() * 14) }, () => alphabet[Math.floor(next() * alphabet.length)]).join('');
      for (const s of [SPARK, RFC, { ...SPARK, delimiter: ';', quote: "'", nullValue: 'a' }]) {
        expect(ours(text, s), JSON.stringify({ text, s })).toEqual(reference(text, s));
      }
    }
  });
});
