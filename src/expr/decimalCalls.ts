import type { BoundCall, BoundExpr } from '../core/BoundExpr.js';
import { Decimal, isDecimal } from '../core/Decimal.js';
import type { SqlType } from '../core/SqlType.js';
import { toDecimalType } from './castValue.js';
import type { Evaluator } from './Evaluator.js';

/**
 * Calls that see DECIMAL values. Arithmetic whose result type is DECIMAL (the
 * analyzer's Spark rules, core/decimalTypes.ts) is exact, rounded half away from
 * zero to the result's scale, NULL when the result outgrows its precision (as
 * Spark does without ANSI mode). Comparisons are exact unless a DOUBLE takes part;
 * with a DOUBLE, and for functions of doubles (sqrt, power, …), DECIMAL values
 * are read as the nearest double.
 */

const isNull = (v: unknown) => v === null || v === undefined;

/** Whether the call has a DECIMAL operand or result, and so is compiled here. */
export function involvesDecimal(e: BoundCall): boolean {
  return e.type.kind === 'DECIMAL' || e.args.some((a) => a.type.kind === 'DECIMAL');
}

type Arithmetic = (x: Decimal, y: Decimal, scale: number) => Decimal | undefined;

const ARITHMETIC: Record<string, Arithmetic> = {
  '+': (x, y) => x.add(y),
  '-': (x, y) => x.subtract(y),
  '*': (x, y) => x.multiply(y),
  '/': (x, y, scale) => x.divide(y, scale),
  '%': (x, y) => x.remainder(y),
};

const COMPARISON: Record<string, (c: number) => boolean> = {
  '=': (c) => c === 0,
  '<>': (c) => c !== 0,
  '<': (c) => c < 0,
  '<=': (c) => c <= 0,
  '>': (c) => c > 0,
  '>=': (c) => c >= 0,
};

/** Functions whose arguments are text to them: a DECIMAL keeps its digits and scale (`'€' || 12.30`). */
const TEXT_ARGUMENTS = new Set(['||', 'concat', 'cast', 'is null', 'is not null', 'upper', 'lower', 'trim', 'length', 'replace']);

/**
 * The evaluator of a call that involves a DECIMAL. `plain` compiles the
 * ordinary evaluator of the same call over the given argument evaluators.
 */
export function compileDecimalCall(e: BoundCall, args: Evaluator[], plain: (args: Evaluator[]) => Evaluator): Evaluator {
  const exact = e.args.every((a) => a.type.kind !== 'DOUBLE' && a.type.kind !== 'UNKNOWN');
  const numbers = () => plain(args.map((f, i) => (e.args[i]!.type.kind === 'DECIMAL' ? asNumber(f) : f)));
  const decimals = () => args.map((f, i) => asDecimal(f, e.args[i]!));
  const arithmetic = ARITHMETIC[e.fn];
  if (arithmetic) return e.type.kind === 'DECIMAL' ? exactArithmetic(arithmetic, decimals(), e.type) : numbers();
  const comparison = COMPARISON[e.fn];
  if (comparison) return exact ? exactComparison(comparison, decimals()) : numbers();
  switch (e.fn) {
    case 'neg':
      return strict(decimals(), ([x]) => x!.negate());
    case 'abs':
      return strict(decimals(), ([x]) => x!.abs());
    case 'floor':
      return strict(decimals(), ([x]) => Number(x!.floor()));
    case 'ceil':
      return strict(decimals(), ([x]) => Number(x!.ceil()));
    case 'round':
      return e.args[0]!.type.kind === 'DECIMAL' ? exactRound(args, e.type) : numbers();
    case 'between':
      return exact ? strict(decimals(), ([x, lo, hi]) => x!.compare(lo!) >= 0 && x!.compare(hi!) <= 0) : numbers();
    case 'in':
      return exact ? exactIn(decimals()) : numbers();
    case 'greatest':
    case 'least': {
      if (e.type.kind !== 'DECIMAL') return numbers();
      const sign = e.fn === 'greatest' ? 1 : -1;
      return strict(decimals(), (xs) => xs.reduce((m, x) => (x.compare(m) * sign > 0 ? x : m)), e.type);
    }
    case 'case':
    case 'coalesce':
    case 'nvl':
      // Branches of different numeric types meet in the result type.
      return e.type.kind === 'DECIMAL' ? toType(plain(args), e.type) : numbers();
    default:
      return TEXT_ARGUMENTS.has(e.fn) ? plain(args) : numbers();
  }
}

function asNumber(f: Evaluator): Evaluator {
  return (row) => {
    const v = f(row);
    return isDecimal(v) ? v.toNumber() : v;
  };
}

/** An operand as a Decimal (INT and BIGINT values converted); a literal converted once. */
function asDecimal(f: Evaluator, e: BoundExpr): Evaluator {
  if (e.kind === 'literal') {
    const d = isNull(e.value) ? null : (Decimal.from(e.value) ?? null);
    return () => d;
  }
  if (e.type.kind === 'DECIMAL') return f;
  return (row) => {
    const v = f(row);
    return isNull(v) ? null : (Decimal.from(v) ?? null);
  };
}

/** NULL when any operand is NULL; otherwise `op`, brought to `type` when one is given. */
function strict(args: Evaluator[], op: (xs: Decimal[]) => unknown, type?: SqlType): Evaluator {
  return (row) => {
    const xs: Decimal[] = [];
    for (const f of args) {
      const v = f(row);
      if (isNull(v)) return null;
      xs.push(v as Decimal);
    }
    const r = op(type ? xs.map((x) => toDecimalType(x, type) ?? x) : xs);
    return type ? (toDecimalType(r as Decimal, type) ?? null) : r;
  };
}

function exactArithmetic(op: Arithmetic, [a, b]: Evaluator[], type: SqlType): Evaluator {
  const scale = type.scale ?? 0;
  return (row) => {
    const x = a!(row);
    if (isNull(x)) return null;
    const y = b!(row);
    if (isNull(y)) return null;
    const r = op(x as Decimal, y as Decimal, scale);
    // Division or % by zero is NULL, as for every number type.
    return r === undefined ? null : (toDecimalType(r, type) ?? null);
  };
}

function exactComparison(test: (c: number) => boolean, [a, b]: Evaluator[]): Evaluator {
  return (row) => {
    const x = a!(row);
    if (isNull(x)) return null;
    const y = b!(row);
    return isNull(y) ? null : test((x as Decimal).compare(y as Decimal));
  };
}

function exactIn([x, ...list]: Evaluator[]): Evaluator {
  return (row) => {
    const v = x!(row) as Decimal | null;
    if (isNull(v)) return null;
    let sawNull = false;
    for (const item of list) {
      const w = item(row);
      if (isNull(w)) sawNull = true;
      else if (v!.compare(w as Decimal) === 0) return true;
    }
    return sawNull ? null : false;
  };
}

/** round(DECIMAL, n): half away from zero at n digits, in the result type's scale. */
function exactRound([value, digits]: Evaluator[], type: SqlType): Evaluator {
  return (row) => {
    const x = value!(row) as Decimal | null;
    const n = digits ? digits(row) : 0;
    if (isNull(x) || isNull(n)) return null;
    const places = Math.trunc(isDecimal(n) ? n.toNumber() : (n as number));
    return toDecimalType(x!.round(places), type) ?? null;
  };
}

function toType(f: Evaluator, type: SqlType): Evaluator {
  return (row) => {
    const v = f(row);
    return isNull(v) ? null : (toDecimalType(Decimal.from(v), type) ?? null);
  };
}
