import { isDecimal } from '../../core/Decimal.js';
import { isNumeric } from '../../core/SqlType.js';
import type { Row, Schema } from '../../core/Schema.js';

/**
 * Rows as an aligned text table, psql style: header, rule, one line per row and a
 * row count. Numbers are right-aligned so that their digits line up.
 */
export function formatTable(schema: Schema, rows: readonly Row[]): string {
  const cells = rows.map((row) => schema.map((col, i) => formatValue(col.type.kind, row[i])));
  const widths = schema.map((col, i) => cells.reduce((w, r) => Math.max(w, width(r[i] ?? '')), width(col.name)));
  const right = schema.map((col) => isNumeric(col.type));
  const line = (values: readonly string[], alignRight: readonly boolean[]): string =>
    values
      .map((v, i) => pad(v, widths[i] ?? 0, alignRight[i] ?? false))
      .join(' | ')
      .trimEnd();
  return [
    line(
      schema.map((c) => c.name),
      schema.map(() => false),
    ),
    widths.map((w) => '-'.repeat(w)).join('-+-'),
    ...cells.map((r) => line(r, right)),
    `(${rows.length} ${rows.length === 1 ? 'row' : 'rows'})`,
  ].join('\n');
}

export function formatValue(kind: string, value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (kind === 'TIMESTAMP' && typeof value === 'number') return new Date(value).toISOString();
  if (kind === 'INTERVAL' && typeof value === 'number') return formatInterval(value);
  // A decimal prints with its scale (`12.50`), as the databases print NUMERIC.
  const text = typeof value === 'object' && !isDecimal(value) ? JSON.stringify(value) : String(value);
  // A raw line break or tab inside a value would tear the table apart.
  return text.replace(/\r/g, '\\r').replace(/\n/g, '\\n').replace(/\t/g, '\\t');
}

/** Milliseconds as `[-][N days ]HH:MM:SS[.mmm]`, the way PostgreSQL prints intervals. */
function formatInterval(ms: number): string {
  const sign = ms < 0 ? '-' : '';
  let rest = Math.abs(ms);
  const days = Math.floor(rest / 86_400_000);
  rest -= days * 86_400_000;
  const two = (n: number): string => String(n).padStart(2, '0');
  const hh = Math.floor(rest / 3_600_000);
  const mm = Math.floor((rest % 3_600_000) / 60_000);
  const ss = Math.floor((rest % 60_000) / 1000);
  const frac = rest % 1000;
  const time = `${two(hh)}:${two(mm)}:${two(ss)}${frac === 0 ? '' : `.${String(frac).padStart(3, '0')}`}`;
  return `${sign}${days === 0 ? '' : `${days} ${days === 1 ? 'day' : 'days'} `}${time}`;
}

// Code points rather than UTF-16 units: close to the display width, though wide
// characters (CJK, emoji) take two terminal columns.
function width(s: string): number {
  return [...s].length;
}

function pad(s: string, w: number, alignRight: boolean): string {
  const fill = ' '.repeat(Math.max(0, w - width(s)));
  return alignRight ? fill + s : s + fill;
}
