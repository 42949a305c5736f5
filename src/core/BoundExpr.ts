import { formatType, type SqlType } from './SqlType.js';

/**
 * A typed expression: names resolved to columns of the input schema, operators
 * and functions unified as calls. Plans and the runtime see only these.
 */
export type BoundExpr = BoundColumn | BoundLiteral | BoundCall;

export interface BoundColumn {
  readonly kind: 'column';
  readonly name: string;
  readonly type: SqlType;
}

export interface BoundLiteral {
  readonly kind: 'literal';
  readonly value: string | number | boolean | null;
  readonly type: SqlType;
}

/**
 * Operators use their SQL spelling as `fn` ('+', '=', 'and', 'not', 'is null',
 * 'like', 'in', 'between', 'case', 'cast'); functions their lower-cased name.
 */
export interface BoundCall {
  readonly kind: 'call';
  readonly fn: string;
  readonly args: readonly BoundExpr[];
  readonly type: SqlType;
}

/** Operators that are not infix; CASE and CAST delimit their operands themselves. */
const PREFIX_OR_POSTFIX = new Set(['neg', 'not', 'is null', 'is not null', 'in', 'between']);

const INFIX = new Set(['+', '-', '*', '/', '%', '||', '=', '<>', '<', '<=', '>', '>=', 'and', 'or', 'like']);

/** SQL-like text of an expression, stable for EXPLAIN and golden files. */
export function formatExpr(e: BoundExpr): string {
  switch (e.kind) {
    case 'column':
      return e.name;
    case 'literal':
      return typeof e.value === 'string'
        ? `'${e.value.replace(/'/g, "''")}'`
        : String(e.value).toUpperCase() === 'NULL'
          ? 'NULL'
          : String(e.value);
    case 'call':
      return formatCall(e);
  }
}

function formatCall(e: BoundCall): string {
  // Operands of an operator are parenthesised when they are operations themselves; function arguments need not be.
  const operator = INFIX.has(e.fn) || PREFIX_OR_POSTFIX.has(e.fn);
  const a = e.args.map((x) => (operator && x.kind === 'call' && INFIX.has(x.fn) ? `(${formatExpr(x)})` : formatExpr(x)));
  if (INFIX.has(e.fn)) return `${a[0]} ${e.fn.toUpperCase() === e.fn ? e.fn : e.fn.toUpperCase()} ${a[1]}`;
  switch (e.fn) {
    case 'neg':
      return `-${a[0]}`;
    case 'not':
      return `NOT ${a[0]}`;
    case 'is null':
    case 'is not null':
      return `${a[0]} ${e.fn.toUpperCase()}`;
    case 'in':
      return `${a[0]} IN (${a.slice(1).join(', ')})`;
    case 'between':
      return `${a[0]} BETWEEN ${a[1]} AND ${a[2]}`;
    case 'case': {
      const parts = ['CASE'];
      for (let i = 0; i + 1 < a.length; i += 2) parts.push(`WHEN ${a[i]} THEN ${a[i + 1]}`);
      if (a.length % 2 === 1) parts.push(`ELSE ${a[a.length - 1]}`);
      return parts.join(' ') + ' END';
    }
    case 'cast':
      return `CAST(${a[0]} AS ${formatType(e.type)})`;
    default:
      return `${e.fn}(${a.join(', ')})`;
  }
}

/** Names of the columns an expression reads. */
export function columnsOf(e: BoundExpr, into: Set<string> = new Set()): Set<string> {
  if (e.kind === 'column') into.add(e.name);
  else if (e.kind === 'call') for (const a of e.args) columnsOf(a, into);
  return into;
}
