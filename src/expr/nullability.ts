import type { BoundExpr } from '../core/BoundExpr.js';
import { columnNamed, type Schema } from '../core/Schema.js';
import { FUNCTIONS } from './functions/builtins.js';

/**
 * The one rule for whether an expression can be NULL, used by the analyzer (group
 * keys) and the planner (filters, projections): the table a sink creates takes
 * its NOT NULL columns and its primary key from it, so an answer of "never NULL"
 * must be true for every row. When unsure, the answer is "may be NULL".
 */

/** Operators that are NULL exactly when an operand is (functions say so in the registry). */
const NULL_ON_NULL = new Set(['+', '-', '*', '||', '=', '<>', '<', '<=', '>', '>=', 'and', 'or', 'not', 'neg', 'like', 'in', 'between']);

/** Never NULL, whatever the operand. */
const NEVER_NULL = new Set(['is null', 'is not null']);

export function isNullable(e: BoundExpr, schema: Schema): boolean {
  switch (e.kind) {
    case 'column':
      return columnNamed(schema, e.name)?.nullable ?? true;
    case 'literal':
      return e.value === null;
    case 'call': {
      const nullable = (x: BoundExpr) => isNullable(x, schema);
      if (NEVER_NULL.has(e.fn)) return false;
      if (NULL_ON_NULL.has(e.fn)) return e.args.some(nullable);
      // Division and remainder by zero are NULL, so only a non-zero literal divisor is safe.
      if (e.fn === '/' || e.fn === '%') {
        const [a, b] = e.args;
        return !a || !b || nullable(a) || b.kind !== 'literal' || typeof b.value !== 'number' || b.value === 0;
      }
      // Arguments alternate condition, result; an odd count ends with ELSE. Without ELSE the result may be NULL.
      if (e.fn === 'case') return e.args.length % 2 === 0 || e.args.some((x, i) => (i % 2 === 1 || i === e.args.length - 1) && nullable(x));
      if (e.fn === 'cast') return castMayFail(e) || e.args.some(nullable);
      const f = FUNCTIONS.scalar(e.fn);
      if (!f || f.nullOtherwise) return true;
      switch (f.nulls) {
        case 'strict':
          return e.args.some(nullable);
        case 'strictFirst':
          return e.args.length > 0 && nullable(e.args[0]!);
        case 'called':
          return e.args.every(nullable);
      }
    }
  }
}

/** CAST gives NULL for a value it cannot convert; these conversions accept every value. */
function castMayFail(e: Extract<BoundExpr, { kind: 'call' }>): boolean {
  const from = e.args[0]?.type.kind;
  const to = e.type.kind;
  if (to === 'STRING') return false;
  // A DOUBLE may be an infinity, which no numeric type takes.
  if (from === 'DOUBLE') return true;
  if (to === from) return false;
  const exact = (k: string | undefined) => k === 'INT' || k === 'BIGINT' || k === 'DECIMAL';
  return !(exact(from) && (to === 'DOUBLE' || to === 'DECIMAL' || (from === 'INT' && to === 'BIGINT')));
}

/**
 * The schema below a filter: a column that a conjunct of the predicate requires
 * to be non-NULL is NOT NULL there, as in Spark's FilterExec. A conjunct requires
 * it when it is `x IS NOT NULL` (or `NOT x IS NULL`), or when it is NULL whenever
 * `x` is (`x > 5`, `upper(x) = 'A'`), since a row passes only where it is TRUE.
 * Conjuncts only: `x IS NOT NULL OR y` proves nothing about `x`.
 */
export function notNullAfter(predicate: BoundExpr, schema: Schema): Schema {
  const proven = new Set<string>();
  const visit = (e: BoundExpr) => {
    if (e.kind !== 'call') return;
    if (e.fn === 'and') e.args.forEach(visit);
    else if (e.fn === 'is not null') nullIntolerantColumns(e.args[0]!, proven);
    else if (e.fn === 'not' && e.args[0]?.kind === 'call' && e.args[0].fn === 'is null') nullIntolerantColumns(e.args[0].args[0]!, proven);
    else nullIntolerantColumns(e, proven);
  };
  visit(predicate);
  if (proven.size === 0) return schema;
  return schema.map((c) => (c.nullable && proven.has(c.name) ? { ...c, nullable: false } : c));
}

/** NULL when any operand is NULL: AND, OR and IN are not (NULL OR TRUE is TRUE; `1 IN (1, NULL)` is TRUE); nor is a function the registry does not call strict. */
const NULL_INTOLERANT = new Set([...NULL_ON_NULL].filter((fn) => fn !== 'and' && fn !== 'or' && fn !== 'in'));
const nullIntolerant = (fn: string) => NULL_INTOLERANT.has(fn) || FUNCTIONS.scalar(fn)?.nulls === 'strict';

/** The columns whose NULL makes `e` NULL. */
function nullIntolerantColumns(e: BoundExpr, into: Set<string>): void {
  if (e.kind === 'column') into.add(e.name);
  else if (e.kind === 'call' && nullIntolerant(e.fn)) for (const a of e.args) nullIntolerantColumns(a, into);
  else if (e.kind === 'call' && e.fn === 'in') nullIntolerantColumns(e.args[0]!, into);
}
