import type * as A from '../ast/Ast.js';
import { BOOLEAN, DOUBLE, STRING, TIMESTAMP, type SqlType } from '../../core/SqlType.js';
import { columnNamed, type Column } from '../../core/Schema.js';
import { FUNCTIONS } from '../../expr/functions/builtins.js';

/**
 * The columns of an undeclared stream, typed from their use (DESIGN §2): the
 * time argument of a window is a TIMESTAMP, an operand of arithmetic or of
 * sum/avg or a comparison with a number is a DOUBLE, one compared with a string
 * or used as text is a STRING, a bare condition is a BOOLEAN, a select item
 * written into a declared table's column has that column's type. A column whose
 * use says nothing is read as a STRING. The first use that decides wins.
 */
export function inferColumns(query: A.QueryBody, sinkColumns: readonly Column[] = []): Column[] {
  return [...inferTypes(query, sinkColumns)].map(([name, type]) => ({ name, type: type ?? STRING, nullable: true }));
}

/** Columns that no use typed, read as STRING for want of anything better (K4023 warns where they are written). */
export function untypedColumns(query: A.QueryBody, sinkColumns: readonly Column[] = []): Set<string> {
  return new Set([...inferTypes(query, sinkColumns)].filter(([, type]) => type === undefined).map(([name]) => name));
}

function inferTypes(query: A.QueryBody, sinkColumns: readonly Column[]): Map<string, SqlType | undefined> {
  // Insertion order is first-use order: the decoded columns keep it.
  const types = new Map<string, SqlType | undefined>();
  const note = (e: A.Expr, t: SqlType | undefined) => {
    if (e.kind === 'ColumnRef' && !types.get(e.name)) types.set(e.name, t);
  };
  const literalType = (e: A.Expr): SqlType | undefined =>
    e.kind === 'Literal'
      ? typeof e.value === 'number'
        ? DOUBLE
        : typeof e.value === 'string'
          ? STRING
          : e.value === null
            ? undefined
            : BOOLEAN
      : undefined;
  // `-5` is a minus applied to 5: as a peer it is a number all the same.
  const peer = (e: A.Expr): SqlType | undefined =>
    literalType(e) ??
    (e.kind === 'UnaryExpr' && e.op === '-' ? DOUBLE : undefined) ??
    (e.kind === 'BinaryExpr' && ['+', '-', '*', '/', '%'].includes(e.op) ? DOUBLE : undefined);

  const walk = (e: A.Expr, ctx: SqlType | undefined): void => {
    switch (e.kind) {
      case 'ColumnRef':
        return note(e, ctx);
      case 'Literal':
      case 'IntervalLit':
        return;
      case 'UnaryExpr':
        return walk(e.operand, e.op === 'NOT' ? BOOLEAN : DOUBLE);
      case 'BinaryExpr':
        if (e.op === 'AND' || e.op === 'OR') return (walk(e.left, BOOLEAN), walk(e.right, BOOLEAN));
        if (e.op === '||') return (walk(e.left, STRING), walk(e.right, STRING));
        if (['+', '-', '*', '/', '%'].includes(e.op)) {
          const interval = e.left.kind === 'IntervalLit' || e.right.kind === 'IntervalLit';
          return (walk(e.left, interval ? TIMESTAMP : DOUBLE), walk(e.right, interval ? TIMESTAMP : DOUBLE));
        }
        return (walk(e.left, peer(e.right)), walk(e.right, peer(e.left)));
      case 'FunctionCall': {
        // Each function says how its arguments are read (src/expr/functions). Those whose arguments share
        // the result's type are typed by their use (`max(x) > 3` makes x a number), else by a sibling
        // (`coalesce(x, 0)`, `greatest(x, y)`).
        const infer = FUNCTIONS.get(e.name)?.infer;
        if (infer === 'result') {
          const sibling = e.args.map((a) => peer(a) ?? (a.kind === 'ColumnRef' ? types.get(a.name) : undefined)).find((t) => t);
          return e.args.forEach((a) => walk(a, ctx ?? sibling));
        }
        return e.args.forEach((a, i) => walk(a, infer?.(i)));
      }
      case 'IsNullExpr':
        return walk(e.operand, undefined);
      case 'InExpr':
        return (
          walk(
            e.operand,
            e.list.map(peer).find((t) => t),
          ),
          e.list.forEach((x) => walk(x, undefined))
        );
      case 'BetweenExpr':
        return (walk(e.operand, peer(e.low) ?? peer(e.high)), walk(e.low, undefined), walk(e.high, undefined));
      case 'LikeExpr':
        return (walk(e.operand, STRING), walk(e.pattern, STRING));
      case 'CaseExpr':
        if (e.operand)
          walk(
            e.operand,
            e.branches.map((b) => peer(b.when)).find((t) => t),
          );
        for (const b of e.branches) (walk(b.when, e.operand ? undefined : BOOLEAN), walk(b.then, undefined));
        if (e.otherwise) walk(e.otherwise, undefined);
        return;
      case 'CastExpr':
        return walk(e.operand, undefined);
    }
  };

  if (query.where) walk(query.where, BOOLEAN);
  for (const rule of query.quality) walk(rule.expr, BOOLEAN);
  for (const k of query.dedup?.keys ?? []) note({ kind: 'ColumnRef', name: k.name, span: k.span }, undefined);
  for (const item of query.items) {
    if (item.expr === 'star') continue;
    const name = item.alias?.name ?? (item.expr.kind === 'ColumnRef' ? item.expr.name : undefined);
    walk(item.expr, name === undefined ? undefined : columnNamed(sinkColumns, name)?.type);
  }
  for (const g of query.groupBy) walk(g, undefined);
  if (query.having) walk(query.having, BOOLEAN);
  return types;
}
