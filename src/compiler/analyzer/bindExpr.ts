import type * as A from '../ast/Ast.js';
import type { Diagnostic } from '../diagnostics/Diagnostic.js';
import { diag } from '../diagnostics/messages.js';
import { regexProblem } from './regexProblem.js';
import { closest } from '../../core/suggest.js';
import { insteadOf } from '../../expr/functions/otherEngineNames.js';
import { BOOLEAN, DOUBLE, formatType, INTERVAL, isNumeric, STRING, TIMESTAMP, UNKNOWN, type SqlType } from '../../core/SqlType.js';
import { columnNamed, type Column } from '../../core/Schema.js';
import type { BoundExpr } from '../../core/BoundExpr.js';
import { FUNCTIONS } from '../../expr/functions/builtins.js';
import type { ScalarFunctionDef } from '../../expr/functions/FunctionDef.js';
import { decimalArithmeticType, isExactDecimal } from '../../core/decimalTypes.js';
import { comparable, typeFromName, unify, TYPE_NAMES, widen } from './typeRules.js';

/** The columns an expression may name, and where they come from (for messages). */
export interface Scope {
  readonly columns: readonly Column[];
  /** The source as messages name it: `stream 'orders'`, `table 'customers'`. */
  readonly sourceName: string;
  /** What may qualify a column (`orders.amount`): the names in FROM. */
  readonly qualifiers: readonly string[];
}

/**
 * Called before binding each node; returning a bound expression replaces the
 * node (aggregate queries use it to turn `sum(x)` and group keys into columns of
 * the aggregate's output).
 */
export type RewriteHook = (e: A.Expr) => BoundExpr | undefined;

const ARITHMETIC = new Set(['+', '-', '*', '/', '%']);
const COMPARISON = new Set(['=', '<>', '<', '<=', '>', '>=']);

/** AST expression → typed expression, reporting every error it finds into `out`. */
export function bindExpr(e: A.Expr, scope: Scope, out: Diagnostic[], rewrite?: RewriteHook): BoundExpr {
  return new Binder(scope, out, rewrite).bind(e);
}

class Binder {
  constructor(
    private readonly scope: Scope,
    private readonly out: Diagnostic[],
    private readonly rewrite: RewriteHook | undefined,
  ) {}

  bind(e: A.Expr): BoundExpr {
    const replaced = this.rewrite?.(e);
    if (replaced) return replaced;
    switch (e.kind) {
      case 'ColumnRef':
        return this.column(e);
      case 'Literal':
        return { kind: 'literal', value: e.value, type: literalType(e.value) };
      case 'IntervalLit':
        return { kind: 'literal', value: e.millis, type: INTERVAL };
      case 'UnaryExpr':
        return this.unary(e);
      case 'BinaryExpr':
        return this.binary(e);
      case 'FunctionCall':
        return this.call(e);
      case 'IsNullExpr':
        return { kind: 'call', fn: e.negated ? 'is not null' : 'is null', args: [this.bind(e.operand)], type: BOOLEAN };
      case 'InExpr': {
        const operand = this.bind(e.operand);
        const list = e.list.map((x, i) => this.expectComparable('IN', operand, this.bind(x), e.list[i]!));
        const call: BoundExpr = { kind: 'call', fn: 'in', args: [operand, ...list], type: BOOLEAN };
        return e.negated ? not(call) : call;
      }
      case 'BetweenExpr': {
        const operand = this.bind(e.operand);
        const low = this.expectComparable('BETWEEN', operand, this.bind(e.low), e.low);
        const high = this.expectComparable('BETWEEN', operand, this.bind(e.high), e.high);
        const call: BoundExpr = { kind: 'call', fn: 'between', args: [operand, low, high], type: BOOLEAN };
        return e.negated ? not(call) : call;
      }
      case 'LikeExpr': {
        const operand = this.expect('LIKE', this.bind(e.operand), e.operand, STRING);
        const pattern = this.expect('LIKE', this.bind(e.pattern), e.pattern, STRING);
        const call: BoundExpr = { kind: 'call', fn: 'like', args: [operand, pattern], type: BOOLEAN };
        return e.negated ? not(call) : call;
      }
      case 'CaseExpr':
        return this.caseExpr(e);
      case 'CastExpr': {
        const type = typeFromName(e.type.name, e.type.params);
        if (!type) {
          this.unknownType(e.type);
          return this.bind(e.operand);
        }
        return { kind: 'call', fn: 'cast', args: [this.bind(e.operand)], type };
      }
    }
  }

  unknownType(t: A.TypeRef): void {
    const guess = closest(t.name, TYPE_NAMES);
    this.out.push(diag('TypeMismatch', t.span, ['A type', TYPE_NAMES.join(', '), t.name], guess && `Did you mean ${guess}?`));
  }

  private column(e: A.ColumnRef): BoundExpr {
    const { qualifiers } = this.scope;
    if (e.qualifier !== undefined && !qualifiers.includes(e.qualifier)) {
      const hint = qualifiers.length > 0 ? `Write ${qualifiers[0]}.${e.name}, or just ${e.name}.` : `Write just ${e.name}.`;
      this.out.push(diag('UnknownQualifier', e.span, [e.qualifier], hint));
    }
    const col = columnNamed(this.scope.columns, e.name);
    if (col) return { kind: 'column', name: col.name, type: col.type };
    const guess = closest(
      e.name,
      this.scope.columns.map((c) => c.name),
    );
    this.out.push(diag('UnknownColumn', e.span, [e.name, this.scope.sourceName], guess && `Did you mean '${guess}'?`));
    return { kind: 'column', name: e.name, type: UNKNOWN };
  }

  private unary(e: A.UnaryExpr): BoundExpr {
    const operand = this.bind(e.operand);
    if (e.op === 'NOT') return not(this.expect('NOT', operand, e.operand, BOOLEAN));
    if (operand.type.kind !== 'UNKNOWN' && !isNumeric(operand.type) && operand.type.kind !== 'INTERVAL') {
      this.mismatch("'-'", 'a number', operand.type, e.operand);
    }
    if (operand.kind === 'literal' && typeof operand.value === 'number') return { ...operand, value: -operand.value };
    return { kind: 'call', fn: 'neg', args: [operand], type: operand.type };
  }

  private binary(e: A.BinaryExpr): BoundExpr {
    const left = this.bind(e.left);
    const right = this.bind(e.right);
    const op = e.op === 'AND' || e.op === 'OR' ? e.op.toLowerCase() : e.op;
    if (op === 'and' || op === 'or') {
      return {
        kind: 'call',
        fn: op,
        args: [this.expect(e.op, left, e.left, BOOLEAN), this.expect(e.op, right, e.right, BOOLEAN)],
        type: BOOLEAN,
      };
    }
    if (op === '||') return { kind: 'call', fn: op, args: [left, right], type: STRING };
    if (COMPARISON.has(op)) {
      return { kind: 'call', fn: op, args: [left, this.expectComparable(`'${op}'`, left, right, e.right)], type: BOOLEAN };
    }
    if (ARITHMETIC.has(op)) return { kind: 'call', fn: op, args: [left, right], type: this.arithmeticType(op, left, right, e) };
    throw new Error(`internal: operator ${op}`);
  }

  private arithmeticType(op: string, l: BoundExpr, r: BoundExpr, e: A.BinaryExpr): SqlType {
    const lt = l.type;
    const rt = r.type;
    if (lt.kind === 'UNKNOWN' || rt.kind === 'UNKNOWN') return lt.kind === 'UNKNOWN' ? rt : lt;
    if (isNumeric(lt) && isNumeric(rt))
      return isExactDecimal(lt, rt) ? decimalArithmeticType(op, lt, rt) : op === '/' ? DOUBLE : widen(lt, rt);
    if ((op === '+' || op === '-') && lt.kind === 'TIMESTAMP' && rt.kind === 'INTERVAL') return TIMESTAMP;
    if (op === '+' && lt.kind === 'INTERVAL' && rt.kind === 'TIMESTAMP') return TIMESTAMP;
    if ((op === '+' || op === '-') && lt.kind === 'INTERVAL' && rt.kind === 'INTERVAL') return INTERVAL;
    const bad = isNumeric(lt) ? r : l;
    this.mismatch(`'${op}'`, 'numbers (or a TIMESTAMP and an INTERVAL)', bad.type, bad === l ? e.left : e.right);
    return UNKNOWN;
  }

  private call(e: A.FunctionCall): BoundExpr {
    const def = FUNCTIONS.get(e.name);
    if (def?.kind === 'aggregate') {
      this.out.push(diag('AggregateInWhere', e.span, [], 'Filter aggregated values with HAVING.'));
      return { kind: 'literal', value: null, type: UNKNOWN };
    }
    if (def?.kind === 'window') {
      this.out.push(diag('WindowOutsideSelect', e.span, [e.name]));
      return { kind: 'literal', value: null, type: UNKNOWN };
    }
    const args = e.args.map((a) => this.bind(a));
    if (!def) {
      const guess = closest(e.name, FUNCTIONS.names());
      this.out.push(diag('UnknownFunction', e.nameSpan, [e.name], insteadOf(e.name) ?? (guess && `Did you mean ${guess}()?`)));
      return { kind: 'call', fn: e.name, args, type: UNKNOWN };
    }
    if (args.length < def.minArgs || args.length > def.maxArgs) {
      const want =
        def.minArgs === def.maxArgs
          ? `${def.minArgs} argument${def.minArgs === 1 ? '' : 's'}`
          : `${def.minArgs} to ${def.maxArgs} arguments`;
      this.out.push(diag('WrongArgumentCount', e.span, [e.name, want, args.length]));
      return { kind: 'call', fn: e.name, args, type: UNKNOWN };
    }
    const result = args.some((a) => a.type.kind === 'UNKNOWN')
      ? UNKNOWN
      : def.returns(
          args.map((a) => a.type),
          args,
        );
    if (typeof result === 'string') {
      const i = culprit(
        def,
        args.map((a) => a.type),
      );
      this.mismatch(`${e.name}()`, result, args[i]!.type, e.args[i]!);
      return { kind: 'call', fn: e.name, args, type: UNKNOWN };
    }
    const pattern = def.patternArg === undefined ? undefined : e.args[def.patternArg];
    if (pattern?.kind === 'Literal' && typeof pattern.value === 'string') {
      const problem = regexProblem(pattern.value);
      if (problem)
        this.out.push(
          diag('BadPattern', pattern.span, [pattern.value, problem], "Patterns are JavaScript regular expressions, e.g. 'user=(\\w+)'."),
        );
    }
    return { kind: 'call', fn: e.name, args, type: result };
  }

  private caseExpr(e: A.CaseExpr): BoundExpr {
    const operand = e.operand && this.bind(e.operand);
    const args: BoundExpr[] = [];
    let type: SqlType = UNKNOWN;
    const addResult = (x: A.Expr) => {
      const b = this.bind(x);
      const u = unify(type, b.type);
      if (!u) this.mismatch('CASE', `results of one type (${formatType(type)})`, b.type, x);
      else type = u;
      args.push(b);
    };
    for (const br of e.branches) {
      const when = this.bind(br.when);
      args.push(
        operand
          ? { kind: 'call', fn: '=', args: [operand, this.expectComparable('CASE', operand, when, br.when)], type: BOOLEAN }
          : this.expect('WHEN', when, br.when, BOOLEAN),
      );
      addResult(br.then);
    }
    if (e.otherwise) addResult(e.otherwise);
    return { kind: 'call', fn: 'case', args, type };
  }

  private expect(what: string, b: BoundExpr, at: A.Expr, type: SqlType): BoundExpr {
    if (b.type.kind !== 'UNKNOWN' && b.type.kind !== type.kind && !(b.kind === 'literal' && b.value === null)) {
      this.mismatch(what, formatType(type), b.type, at);
    }
    return b;
  }

  private expectComparable(what: string, left: BoundExpr, right: BoundExpr, at: A.Expr): BoundExpr {
    if (left.kind === 'literal' && left.value === null) return right;
    if (right.kind === 'literal' && right.value === null) return right;
    // A string literal compared with a TIMESTAMP or DATE column is read as one.
    if (right.kind === 'literal' && typeof right.value === 'string' && (left.type.kind === 'TIMESTAMP' || left.type.kind === 'DATE')) {
      return { kind: 'call', fn: 'cast', args: [right], type: left.type };
    }
    if (!comparable(left.type, right.type)) this.mismatch(what, `a value comparable with ${formatType(left.type)}`, right.type, at);
    return right;
  }

  private mismatch(what: string, expected: string, found: SqlType, at: A.Expr): void {
    const hint = found.kind === 'STRING' && expected.includes('number') ? 'Convert it with CAST(x AS DOUBLE).' : undefined;
    this.out.push(diag('TypeMismatch', at.span, [what, expected, formatType(found)], hint));
  }
}

/**
 * The argument a rejected call should point at: one whose type alone, once
 * changed, would make the call valid (`power(x, 'two')` → `'two'`, not `x`).
 * The last such one: earlier arguments set the type later ones disagree with.
 */
function culprit(def: ScalarFunctionDef, types: readonly SqlType[]): number {
  const i = types.findLastIndex((_, i) =>
    [DOUBLE, STRING, TIMESTAMP].some((t) => typeof def.returns(types.map((x, j) => (j === i ? t : x))) !== 'string'),
  );
  return Math.max(i, 0);
}

function not(e: BoundExpr): BoundExpr {
  return { kind: 'call', fn: 'not', args: [e], type: BOOLEAN };
}

function literalType(v: A.Literal['value']): SqlType {
  if (v === null) return UNKNOWN;
  if (typeof v === 'boolean') return BOOLEAN;
  if (typeof v === 'string') return STRING;
  return Number.isInteger(v) && Math.abs(v) <= 2_147_483_647 ? { kind: 'INT' } : { kind: 'DOUBLE' };
}
