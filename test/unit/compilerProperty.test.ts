import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/compile.js';
import type { Diagnostic } from '../../src/compiler/diagnostics/Diagnostic.js';
import { formatDiagnostic } from '../../src/compiler/diagnostics/formatDiagnostic.js';
import { keywordNames } from '../../grammar/tokens.js';
import { explainQuery } from '../../src/explain.js';

/**
 * Whatever a user types, the compiler answers with plans or with diagnostics
 * that point into the text, never with an exception. The inputs are the golden
 * queries, damaged at random the way editing damages text.
 */
const queriesDir = resolve(import.meta.dirname, '../../queries');
const corpus = [queriesDir, join(queriesDir, 'invalid')].flatMap((dir) =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.ksql'))
    .sort()
    .map((f) => readFileSync(join(dir, f), 'utf8')),
);

/** Text split into tokens and the whitespace between them, so that joining gives the text back. */
const TOKEN =
  /\s+|'(?:[^']|'')*'?|"(?:[^"]|"")*"?|--[^\n]*|\/\*[\s\S]*?\*\/|[A-Za-z_][A-Za-z0-9_]*|\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|<>|<=|>=|!=|\|\||[\s\S]/g;
const tokenize = (text: string) => text.match(TOKEN) ?? [];

const INSERTS = [
  ...keywordNames,
  ...['(', ')', ',', ';', '.', '*', '=', '<>', '||', '-', '+', '/', '%', "'", '"', '--', '/*', '*/', '#', '?', '\n'],
  ...["'5 minutes'", "'soon'", '0', '1e309', '-1', 'NULL', 'count(*)', 'window(ts, ', 'sum(', 'x', '"Quoted"', 'AS', 'key'],
];

type Mutation =
  | { readonly kind: 'delete' | 'duplicate'; readonly at: number }
  | { readonly kind: 'swap'; readonly at: number; readonly with: number }
  | { readonly kind: 'insert'; readonly at: number; readonly token: string }
  | { readonly kind: 'truncate'; readonly at: number }
  | { readonly kind: 'char'; readonly at: number; readonly ch: string };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constantFrom('delete' as const, 'duplicate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('swap' as const), at: fc.nat(), with: fc.nat() }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), token: fc.constantFrom(...INSERTS) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('char' as const), at: fc.nat(), ch: fc.string({ minLength: 1, maxLength: 1, unit: 'binary' }) }),
);

function mutate(text: string, m: Mutation): string {
  if (m.kind === 'truncate') return text.slice(0, m.at % (text.length + 1));
  if (m.kind === 'char') {
    const at = m.at % (text.length + 1);
    return text.slice(0, at) + m.ch + text.slice(at + 1);
  }
  const tokens = tokenize(text);
  if (tokens.length === 0) return m.kind === 'insert' ? m.token : text;
  const at = m.at % tokens.length;
  switch (m.kind) {
    case 'delete':
      tokens.splice(at, 1);
      break;
    case 'duplicate':
      tokens.splice(at, 0, tokens[at]!);
      break;
    case 'swap': {
      const other = m.with % tokens.length;
      [tokens[at], tokens[other]] = [tokens[other]!, tokens[at]!];
      break;
    }
    case 'insert':
      tokens.splice(at, 0, ` ${m.token} `);
      break;
  }
  return tokens.join('');
}

/** 1-based line and column of `offset`, as the lexer counts them (\n, \r\n and \r end lines). */
function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const lines = before.split(/\r\n|\r|\n/);
  return { line: lines.length, column: lines[lines.length - 1]!.length + 1 };
}

function checkSpan(d: Diagnostic, text: string): void {
  const { offset, line, column, length } = d.span;
  const where = `${d.code} ${d.message} at ${line}:${column} (offset ${offset}, length ${length})`;
  expect(line, where).toBeGreaterThanOrEqual(1);
  expect(column, where).toBeGreaterThanOrEqual(1);
  expect(offset, where).toBeGreaterThanOrEqual(0);
  expect(length, where).toBeGreaterThanOrEqual(0);
  // Inside the text, or just past its end (an unexpected end of input).
  expect(offset, where).toBeLessThanOrEqual(text.length);
  expect(offset + length, where).toBeLessThanOrEqual(text.length + 1);
  expect({ line, column }, where).toEqual(lineColumn(text, offset));
}

describe('compiler property: damaged queries never throw', () => {
  it('has a corpus', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(32);
  });

  it('answers with plans or with diagnostics pointing into the text', () => {
    let failed = 0;
    let compiled = 0;
    fc.assert(
      fc.property(fc.nat({ max: corpus.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 4 }), (index, mutations) => {
        const text = mutations.reduce(mutate, corpus[index]!);
        const result = compile(text);
        const errors = result.diagnostics.filter((d) => d.severity === 'error');
        if (errors.length > 0) {
          failed++;
          expect(result.queries).toEqual([]);
        } else if (result.queries.length > 0) {
          compiled++;
          for (const q of result.queries) expect(explainQuery(q, true)).not.toBe('');
        } else {
          // No query and no error: the text declares no query (a warning says so) or holds no statement at all.
          expect(result.diagnostics.every((d) => d.code === 'K4010')).toBe(true);
        }
        for (const d of result.diagnostics) {
          expect(d.code).toMatch(/^K\d{4}$/);
          checkSpan(d, text);
          expect(() => formatDiagnostic(d, text, 'mutated.ksql')).not.toThrow();
        }
      }),
      { numRuns: 10_000 },
    );
    // The mutations reach both outcomes, not only one of them.
    expect(failed).toBeGreaterThan(2500);
    expect(compiled).toBeGreaterThan(100);
  });

  it('line breaks of every kind (\\n, \\r\\n, a lone \\r) count alike in spans and in the formatted line', () => {
    for (const eol of ['\n', '\r\n', '\r']) {
      for (const text of [`SELECT a${eol}FROM KAFKA s${eol}WHERE a >`, `SELECT a${eol}FROM KAFKA s${eol}WHERE uper(a) INTO CONSOLE`]) {
        const [d] = compile(text).diagnostics;
        expect(d, JSON.stringify(text)).toBeDefined();
        checkSpan(d!, text);
        expect(d!.span.line, JSON.stringify(text)).toBe(3);
        expect(formatDiagnostic(d!, text, 'f.ksql').split('\n')[1]).toMatch(/^3 \| WHERE /);
      }
    }
  });

  it('unmutated golden queries keep their outcome', () => {
    for (const text of corpus) {
      const r = compile(text);
      for (const d of r.diagnostics) checkSpan(d, text);
    }
  });
});
