import type { Result } from '../Scenario.js';

interface ColumnDef {
  readonly head: string;
  readonly right?: boolean;
  readonly cell: (r: Result) => string;
}

// Figures cross process boundaries as JSON, where NaN becomes null.
const known = (x: number | null | undefined): x is number => typeof x === 'number' && Number.isFinite(x);
const int = (x: number | null | undefined): string => (known(x) ? Math.round(x).toLocaleString('en') : '');
const ms = (x: number | null | undefined): string => (known(x) ? (x < 10 ? x.toFixed(1) : int(x)) : '');

const COLUMNS: readonly ColumnDef[] = [
  { head: 'id', cell: (r) => r.id },
  { head: 'measure', cell: (r) => r.title },
  { head: 'records', right: true, cell: (r) => int(r.records) },
  {
    head: 'time',
    right: true,
    cell: (r) => (known(r.millis) ? `${ms(r.millis)} ms` : known(r.seconds) ? `${r.seconds.toFixed(1)} s` : ''),
  },
  { head: 'rate/s', right: true, cell: (r) => int(r.rate) },
  { head: 'ceiling/s', right: true, cell: (r) => int(r.ceiling) },
  { head: 'ratio', right: true, cell: (r) => (known(r.ratio) ? `${(r.ratio * 100).toFixed(0)}%` : '') },
  { head: 'lat p50', right: true, cell: (r) => (known(r.latency?.p50) ? `${ms(r.latency.p50)} ms` : '') },
  { head: 'lat p99', right: true, cell: (r) => (known(r.latency?.p99) ? `${ms(r.latency.p99)} ms` : '') },
  { head: 'latency', cell: (r) => r.latency?.kind ?? '' },
  { head: 'peak RSS', right: true, cell: (r) => (known(r.peakRssMb) ? `${r.peakRssMb.toFixed(0)} MB` : '') },
  { head: 'note', cell: (r) => r.note ?? '' },
];

/** The one table of a run, as Markdown (readable in a terminal, pasteable into BASELINE.md). */
export function formatTable(results: readonly Result[]): string {
  const cells = results.map((r) => COLUMNS.map((c) => c.cell(r)));
  const widths = COLUMNS.map((c, i) => Math.max(c.head.length, ...cells.map((row) => row[i]!.length)));
  const line = (values: readonly string[]): string =>
    `| ${values.map((v, i) => (COLUMNS[i]!.right ? v.padStart(widths[i]!) : v.padEnd(widths[i]!))).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (COLUMNS[i]!.right ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|`;
  return [line(COLUMNS.map((c) => c.head)), rule, ...cells.map(line)].join('\n');
}
