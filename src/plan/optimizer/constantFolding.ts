import type { NamedExpr } from '../../core/specs.js';
import type { BoundCall, BoundExpr, BoundLiteral } from '../../core/BoundExpr.js';
import { compileExpr } from '../../expr/compileExpr.js';
import type { LogicalPlan } from '../logical/LogicalPlan.js';
import { isDeterministic } from './exprHelpers.js';
import type { OptimizerRule } from './OptimizerRule.js';

/**
 * Evaluates once, at compile time, what would otherwise be computed for every
 * row: a call whose arguments are all literals becomes its value (`1 + 2` → `3`,
 * `upper('x')` → `'X'`), and AND/OR with a literal operand simplify
 * (`x AND TRUE` → `x`, `x OR TRUE` → `TRUE`). The value comes from the runtime
 * evaluator itself, so folding cannot disagree with running; the literal keeps
 * the call's type. A filter whose predicate folds to TRUE keeps every row and
 * goes; one that folds to FALSE or NULL stays (it keeps nothing, visibly).
 */
export const constantFolding: OptimizerRule = {
  name: 'constant_folding',
  rewrite(node: LogicalPlan): LogicalPlan | undefined {
    switch (node.kind) {
      case 'Filter': {
        const predicate = foldExpr(node.predicate);
        if (predicate.kind === 'literal' && predicate.value === true) return node.input;
        return predicate === node.predicate ? undefined : { ...node, predicate };
      }
      case 'Projection': {
        const exprs = foldNamed(node.exprs);
        return exprs === node.exprs ? undefined : { ...node, exprs };
      }
      case 'Aggregate': {
        const groupBy = foldNamed(node.groupBy);
        let changed = groupBy !== node.groupBy;
        const aggregates = node.aggregates.map((a) => {
          const arg = a.arg && foldExpr(a.arg);
          if (arg === a.arg) return a;
          changed = true;
          return { ...a, arg };
        });
        return changed ? { ...node, groupBy, aggregates } : undefined;
      }
      default:
        return undefined;
    }
  },
};

function foldNamed(list: readonly NamedExpr[]): readonly NamedExpr[] {
  let changed = false;
  const folded = list.map((n) => {
    const expr = foldExpr(n.expr);
    if (expr === n.expr) return n;
    changed = true;
    return { ...n, expr };
  });
  return changed ? folded : list;
}

/** The expression with its constant parts folded; the same object when nothing folds. */
export function foldExpr(e: BoundExpr): BoundExpr {
  if (e.kind !== 'call') return e;
  const args = e.args.map(foldExpr);
  const call: BoundCall = args.some((a, i) => a !== e.args[i]) ? { ...e, args } : e;
  if (args.every((a) => a.kind === 'literal')) return evaluate(call) ?? call;
  if (call.fn === 'and' || call.fn === 'or') return simplifyLogic(call) ?? call;
  return call;
}

/** The call's value as a literal of the call's type, or undefined when it must stay a call. */
function evaluate(call: BoundCall): BoundLiteral | undefined {
  if (!isDeterministic(call)) return undefined;
  let value: unknown;
  try {
    value = compileExpr(call, [])([]);
  } catch {
    // Whatever fails at compile time fails per row at run time too: leave it there.
    return undefined;
  }
  if (value === undefined || value === null) return { kind: 'literal', value: null, type: call.type };
  // A literal holds a string, a finite number or a boolean; anything else stays computed.
  if (typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value))) {
    return { kind: 'literal', value, type: call.type };
  }
  return undefined;
}

/**
 * AND/OR with one literal operand, in three-valued logic: FALSE decides an AND
 * and TRUE an OR whatever the other side is; TRUE in an AND and FALSE in an OR
 * leave the other side, when that side is BOOLEAN (AND/OR turn any other
 * non-NULL value into TRUE, the side alone would not). A NULL operand decides
 * nothing, so it stays.
 */
function simplifyLogic(call: BoundCall): BoundExpr | undefined {
  const decisive = call.fn === 'and' ? false : true;
  for (let i = 0; i < 2; i++) {
    const lit = call.args[i]!;
    const other = call.args[1 - i]!;
    if (lit.kind !== 'literal') continue;
    if (lit.value === decisive) return { kind: 'literal', value: decisive, type: call.type };
    if (lit.value === !decisive && other.type.kind === 'BOOLEAN') return other;
  }
  return undefined;
}
