import type { BoundExpr } from '../core/BoundExpr.js';
import type { Row, Schema } from '../core/Schema.js';
import { castValue } from './castValue.js';
import { compileDecimalCall, involvesDecimal } from './decimalCalls.js';
import { FUNCTIONS } from './functions/builtins.js';
import type { Evaluator } from './Evaluator.js';
import type { ScalarFunctionDef } from './functions/FunctionDef.js';

const isNull = (v: unknown) => v === null || v === undefined;

/** BoundExpr → closure reading columns by position in `schema`. */
export function compileExpr(e: BoundExpr, schema: Schema): Evaluator {
  switch (e.kind) {
    case 'column': {
      const index = schema.findIndex((c) => c.name === e.name);
      if (index < 0) throw new Error(`internal: column ${e.name} not in operator input`);
      return (row) => row[index];
    }
    case 'literal': {
      const value = e.value;
      return () => value;
    }
    case 'call': {
      const args = e.args.map((a) => compileExpr(a, schema));
      return involvesDecimal(e) ? compileDecimalCall(e, args, (converted) => compileCall(e.fn, converted, e)) : compileCall(e.fn, args, e);
    }
  }
}

function compileCall(fn: string, args: Evaluator[], e: BoundExpr & { kind: 'call' }): Evaluator {
  const [a = () => null, b = () => null, c = () => null] = args;
  switch (fn) {
    case '+':
      return binary(a, b, (x, y) => (x as number) + (y as number));
    case '-':
      return binary(a, b, (x, y) => (x as number) - (y as number));
    case '*':
      return binary(a, b, (x, y) => (x as number) * (y as number));
    case '/':
      // Division by zero is NULL rather than Infinity: a sink column cannot hold Infinity.
      return binary(a, b, (x, y) => ((y as number) === 0 ? null : (x as number) / (y as number)));
    case '%':
      return binary(a, b, (x, y) => ((y as number) === 0 ? null : (x as number) % (y as number)));
    case '||':
      return binary(a, b, (x, y) => String(x) + String(y));
    case '=':
      return binary(a, b, (x, y) => x === y);
    case '<>':
      return binary(a, b, (x, y) => x !== y);
    case '<':
      return binary(a, b, (x, y) => (x as number) < (y as number));
    case '<=':
      return binary(a, b, (x, y) => (x as number) <= (y as number));
    case '>':
      return binary(a, b, (x, y) => (x as number) > (y as number));
    case '>=':
      return binary(a, b, (x, y) => (x as number) >= (y as number));
    case 'and':
      // Three-valued logic: FALSE wins over NULL.
      return (row) => {
        const x = a(row);
        if (x === false) return false;
        const y = b(row);
        if (y === false) return false;
        return isNull(x) || isNull(y) ? null : true;
      };
    case 'or':
      return (row) => {
        const x = a(row);
        if (x === true) return true;
        const y = b(row);
        if (y === true) return true;
        return isNull(x) || isNull(y) ? null : false;
      };
    case 'not':
      return (row) => {
        const x = a(row);
        return isNull(x) ? null : !x;
      };
    case 'neg':
      return (row) => {
        const x = a(row);
        return isNull(x) ? null : -(x as number);
      };
    case 'is null':
      return (row) => isNull(a(row));
    case 'is not null':
      return (row) => !isNull(a(row));
    case 'in': {
      const list = args.slice(1);
      return (row) => {
        const x = a(row);
        if (isNull(x)) return null;
        let sawNull = false;
        for (const item of list) {
          const v = item(row);
          if (v === x) return true;
          if (isNull(v)) sawNull = true;
        }
        return sawNull ? null : false;
      };
    }
    case 'between':
      return (row) => {
        const x = a(row);
        const lo = b(row);
        const hi = c(row);
        return isNull(x) || isNull(lo) || isNull(hi) ? null : (x as number) >= (lo as number) && (x as number) <= (hi as number);
      };
    case 'like':
      return compileLike(a, b);
    case 'case': {
      const pairs: [Evaluator, Evaluator][] = [];
      for (let i = 0; i + 1 < args.length; i += 2) pairs.push([args[i]!, args[i + 1]!]);
      const otherwise = args.length % 2 === 1 ? args[args.length - 1]! : () => null;
      return (row) => {
        for (const [when, then] of pairs) if (when(row) === true) return then(row);
        return otherwise(row);
      };
    }
    case 'cast':
      return (row) => castValue(a(row), e.type) ?? null;
    default: {
      const def = FUNCTIONS.scalar(fn);
      if (!def) throw new Error(`internal: no implementation for function ${fn}`);
      return compileScalar(def, args);
    }
  }
}

/**
 * A registered function's call, its NULL handling applied here so no
 * implementation repeats it. One and two arguments, most calls, are read into
 * an array literal: no `map` and no `some` with their closures per row.
 */
function compileScalar(def: ScalarFunctionDef, args: Evaluator[]): Evaluator {
  const { impl } = def;
  const strict = def.nulls === 'strict';
  const nullFirst = def.nulls !== 'called';
  if (args.length === 1) {
    const [a] = args as [Evaluator];
    return nullFirst
      ? (row) => {
          const x = a(row);
          return isNull(x) ? null : impl([x]);
        }
      : (row) => impl([a(row)]);
  }
  if (args.length === 2) {
    const [a, b] = args as [Evaluator, Evaluator];
    if (strict)
      return (row) => {
        const x = a(row);
        if (isNull(x)) return null;
        const y = b(row);
        return isNull(y) ? null : impl([x, y]);
      };
    return nullFirst
      ? (row) => {
          const x = a(row);
          return isNull(x) ? null : impl([x, b(row)]);
        }
      : (row) => impl([a(row), b(row)]);
  }
  const values = (row: Row): unknown[] => {
    const out = new Array<unknown>(args.length);
    for (let i = 0; i < args.length; i++) out[i] = args[i]!(row);
    return out;
  };
  switch (def.nulls) {
    case 'strict':
      return (row) => {
        const v = values(row);
        return v.some(isNull) ? null : impl(v);
      };
    case 'strictFirst':
      return (row) => {
        const v = values(row);
        return v.length > 0 && isNull(v[0]) ? null : impl(v);
      };
    case 'called':
      return (row) => impl(values(row));
  }
}

function binary(a: Evaluator, b: Evaluator, op: (x: unknown, y: unknown) => unknown): Evaluator {
  return (row) => {
    const x = a(row);
    if (isNull(x)) return null;
    const y = b(row);
    return isNull(y) ? null : op(x, y);
  };
}

/** LIKE with % and _; a constant pattern is turned into a RegExp once. */
function compileLike(value: Evaluator, pattern: Evaluator): Evaluator {
  const cache = new Map<string, RegExp>();
  const toRegExp = (p: string) => {
    let re = cache.get(p);
    if (!re) {
      const body = p
        .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
        .replace(/%/g, '.*')
        .replace(/_/g, '.');
      re = new RegExp(`^${body}$`, 's');
      if (cache.size < 1000) cache.set(p, re);
    }
    return re;
  };
  return (row) => {
    const v = value(row);
    const p = pattern(row);
    return isNull(v) || isNull(p) ? null : toRegExp(String(p)).test(String(v));
  };
}
