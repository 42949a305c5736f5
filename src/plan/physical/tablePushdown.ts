import type { BoundExpr } from '../../core/BoundExpr.js';
import { isNumeric, type SqlType } from '../../core/SqlType.js';
import { conjunction, conjuncts, isDeterministic } from '../optimizer/exprHelpers.js';

/** Comparisons whose result both databases compute exactly as k2o does, for the operand types below. */
const EQUALITY = new Set(['=', '<>']);
const ORDERING = new Set(['<', '<=', '>', '>=']);

/**
 * Whether a condition of a WHERE over a table means the same in the database's
 * SQL (PostgreSQL and Oracle alike) as in k2o's operators, so the database can
 * filter the rows before they are sent. Deliberately narrow:
 * - columns, and literals that are numbers or non-empty strings (Oracle reads '' as NULL);
 * - = and <> on numbers and strings; <, <=, >, >=, BETWEEN only on numbers (string
 *   order follows the database's collation, not k2o's code-point order);
 * - IN over such literals, IS [NOT] NULL, AND, OR, NOT;
 * - LIKE with a literal pattern that has no backslash (PostgreSQL reads one as an
 *   escape, Oracle does not).
 * Arithmetic, functions, CAST, CASE, booleans, times and dates stay in the
 * operators: their overflow, rounding and time-zone rules differ between engines.
 */
export function translatesToTableSql(e: BoundExpr): boolean {
  if (e.kind !== 'call') return false;
  const [a, b, c] = e.args;
  switch (e.fn) {
    case 'and':
    case 'or':
      return e.args.every(translatesToTableSql);
    case 'not':
      return translatesToTableSql(a!);
    case 'is null':
    case 'is not null':
      return a!.kind === 'column';
    case 'like':
      return (
        a!.kind === 'column' &&
        a!.type.kind === 'STRING' &&
        b!.kind === 'literal' &&
        typeof b!.value === 'string' &&
        !b!.value.includes('\\')
      );
    case 'between':
      return isNumeric(a!.type) && [a!, b!, c!].every(comparable) && [b!, c!].every((x) => x.kind === 'literal');
    case 'in':
      return (
        comparable(a!) &&
        a!.kind === 'column' &&
        e.args.slice(1).every((x) => x.kind === 'literal' && comparable(x) && sameFamily(a!.type, x.type))
      );
    default:
      if (!EQUALITY.has(e.fn) && !ORDERING.has(e.fn)) return false;
      if (!comparable(a!) || !comparable(b!) || !sameFamily(a!.type, b!.type)) return false;
      if (a!.kind !== 'column' && b!.kind !== 'column') return false;
      return EQUALITY.has(e.fn) || isNumeric(a!.type);
  }
}

/** A column, number or non-empty string, of a type compared alike everywhere. */
function comparable(e: BoundExpr): boolean {
  const typed = isNumeric(e.type) || e.type.kind === 'STRING';
  if (e.kind === 'column') return typed;
  if (e.kind !== 'literal') return false;
  if (typeof e.value === 'number') return Number.isFinite(e.value);
  return typeof e.value === 'string' && e.value !== '' && typed;
}

function sameFamily(x: SqlType, y: SqlType): boolean {
  return isNumeric(x) ? isNumeric(y) : x.kind === y.kind;
}

export interface TableFilterSplit {
  /** Conjuncts the source's SQL evaluates. */
  readonly pushed: BoundExpr[];
  /** What the operators still evaluate: undefined when every conjunct moved. */
  readonly rest?: BoundExpr;
}

/** Splits a WHERE over a table into the conjuncts its SQL can evaluate and the rest. */
export function splitTableFilter(predicate: BoundExpr): TableFilterSplit {
  const pushed: BoundExpr[] = [];
  const staying: BoundExpr[] = [];
  for (const c of conjuncts(predicate)) (isDeterministic(c) && translatesToTableSql(c) ? pushed : staying).push(c);
  return { pushed, ...(staying.length > 0 && { rest: conjunction(staying) }) };
}
