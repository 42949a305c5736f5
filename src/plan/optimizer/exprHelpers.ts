import type { BoundExpr } from '../../core/BoundExpr.js';
import { BOOLEAN } from '../../core/SqlType.js';
import { FUNCTIONS } from '../../expr/functions/builtins.js';

/**
 * Expression helpers shared by the optimizer rules. Every rewrite here keeps
 * what the runtime evaluator (expr/compileExpr.ts) computes.
 */

/**
 * Whether the expression gives the same value for the same row wherever and
 * whenever it is evaluated: it calls no function the registry calls volatile.
 */
export function isDeterministic(e: BoundExpr): boolean {
  return e.kind !== 'call' || (FUNCTIONS.scalar(e.fn)?.volatility !== 'volatile' && e.args.every(isDeterministic));
}

/**
 * Whether the expression's value is TRUE, FALSE or NULL. A filter keeps a row
 * only when its predicate is exactly `true`, while AND treats any other
 * non-FALSE, non-NULL value as TRUE; rules that split or join conjuncts are
 * exact only for boolean values.
 */
export function isBooleanValued(e: BoundExpr): boolean {
  return e.type.kind === 'BOOLEAN' || (e.kind === 'literal' && e.value === null);
}

/** The conjuncts of `a AND b AND …`; an AND whose operands are not both boolean-valued is one conjunct. */
export function conjuncts(e: BoundExpr): BoundExpr[] {
  if (e.kind === 'call' && e.fn === 'and' && e.args.every(isBooleanValued)) return e.args.flatMap(conjuncts);
  return [e];
}

/** `a AND b AND …`, left-deep, in the given order; at least one conjunct. */
export function conjunction(parts: readonly BoundExpr[]): BoundExpr {
  if (parts.length === 0) throw new Error('internal: an empty conjunction');
  return parts.reduce((left, right) => ({ kind: 'call', fn: 'and', args: [left, right], type: BOOLEAN }));
}

/** The expression with every column named in `by` replaced by its expression. */
export function substituteColumns(e: BoundExpr, by: ReadonlyMap<string, BoundExpr>): BoundExpr {
  if (e.kind === 'column') return by.get(e.name) ?? e;
  if (e.kind === 'literal') return e;
  return { ...e, args: e.args.map((a) => substituteColumns(a, by)) };
}
