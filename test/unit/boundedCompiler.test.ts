import { describe, expect, it } from 'vitest';
import { compile } from '../../src/compile.js';
import { formatDiagnostic, formatDiagnostics, SHOWN_DIAGNOSTICS } from '../../src/compiler/diagnostics/formatDiagnostic.js';

/** Output and work grow with the input, whatever the number of errors in it. */
describe('a bounded compiler', () => {
  it('reports each of thousands of broken statements on its own, never "nests too deeply"', () => {
    const text = Array.from({ length: 5000 }, () => 'SELEC x FROM KAFKA t INTO CONSOLE;').join('\n');
    const { diagnostics } = compile(text);
    expect(diagnostics).toHaveLength(5000);
    expect(new Set(diagnostics.map((d) => d.code))).toEqual(new Set(['K1002']));
    expect(diagnostics.map((d) => d.span.line)).toEqual(Array.from({ length: 5000 }, (_, i) => i + 1));
  });

  it('shows the first diagnostics in full and counts the rest', () => {
    const text = Array.from({ length: 300 }, () => 'SELEC x FROM KAFKA t INTO CONSOLE;').join('\n');
    const { diagnostics } = compile(text);
    const out = formatDiagnostics(diagnostics, text, 'q.ksql');
    expect(out.match(/error K1002/g)).toHaveLength(SHOWN_DIAGNOSTICS);
    expect(out).toContain(`… and ${300 - SHOWN_DIAGNOSTICS} more diagnostics in q.ksql`);
  });

  it('prints a window of a long line around the span, so 10,000 errors on one 20 kB line print kilobytes, not hundreds of megabytes', () => {
    const text = '# '.repeat(10_000);
    const { diagnostics } = compile(text);
    expect(diagnostics.length).toBeGreaterThan(1000);
    const out = formatDiagnostics(diagnostics, text, 'q.ksql');
    expect(out.length).toBeLessThan(SHOWN_DIAGNOSTICS * 600);
  });

  it('keeps the caret under the span inside the window', () => {
    const text = `SELECT ${'a, '.repeat(200)}b FORM KAFKA t INTO CONSOLE;`;
    const d = compile(text).diagnostics[0]!;
    const [, line, caret] = formatDiagnostic(d, text, 'q.ksql').split('\n');
    expect(line!.length).toBeLessThan(260);
    const at = caret!.indexOf('^');
    expect(line!.slice(at, at + 4)).toBe('FORM');
  });
});
