import { formatType, isNumeric, type SqlType, type SqlTypeKind } from '../core/SqlType.js';
import { FUNCTIONS } from '../expr/functions/builtins.js';
import type { ScalarFunctionDef } from '../expr/functions/FunctionDef.js';

/** A type as a UDF's signature names it: `'DOUBLE'`, or a SqlType for DECIMAL(p,s). */
export type UdfType = Exclude<SqlTypeKind, 'UNKNOWN' | 'INTERVAL'> | SqlType;

export interface UdfSignature {
  readonly args: readonly UdfType[];
  readonly returns: UdfType;
  /**
   * Whether the same arguments always give the same result (default true): only
   * then is a call on constants folded at compile time and moved by the optimizer.
   */
  readonly deterministic?: boolean;
}

/**
 * A scalar function written in TypeScript. It sees the runtime's values
 * (numbers, strings, booleans, TIMESTAMP as epoch ms, DATE as 'YYYY-MM-DD') and
 * never a NULL: a NULL argument gives NULL without a call.
 */
export type UdfImpl = (...args: never[]) => unknown;

interface Registered {
  readonly signature: string;
  readonly fn: UdfImpl;
}

/** The UDFs registered in this process, to tell a repeated registration from a conflicting one. */
const registered = new Map<string, Registered>();

/**
 * Adds a UDF to the one function registry every layer reads (FUNCTIONS): the
 * analyzer checks calls to it (arity, types, did-you-mean), the optimizer folds
 * it only if deterministic, the runtime calls `fn`. The registry is process-wide,
 * so every Engine of the process sees it; registering a name again is allowed
 * only with the same signature and the same function.
 */
export function registerFunction(name: string, signature: UdfSignature, fn: UdfImpl): void {
  const lower = name.toLowerCase();
  if (!/^[a-z_][a-z0-9_]*$/.test(lower)) throw new Error(`function name '${name}' must be an identifier (letters, digits, _)`);
  const args = signature.args.map(typeOf);
  const result = typeOf(signature.returns);
  const key = JSON.stringify({ args, result, deterministic: signature.deterministic ?? true });
  const before = registered.get(lower);
  if (before) {
    if (before.signature === key && before.fn === fn) return;
    throw new Error(`function '${lower}' is already registered with another definition`);
  }
  if (FUNCTIONS.get(lower)) throw new Error(`function '${lower}' is built in; choose another name`);
  FUNCTIONS.register(udfDef(lower, args, result, signature.deterministic ?? true, fn));
  registered.set(lower, { signature: key, fn });
}

function udfDef(name: string, args: readonly SqlType[], result: SqlType, deterministic: boolean, fn: UdfImpl): ScalarFunctionDef {
  // What the analyzer's "f() expects …, found …" says.
  const expected = args.length === 1 ? formatType(args[0]!) : `(${args.map(formatType).join(', ')})`;
  const call = fn as (...values: unknown[]) => unknown;
  return {
    kind: 'scalar',
    name,
    minArgs: args.length,
    maxArgs: args.length,
    returns: (given) => (given.every((t, i) => accepts(args[i]!, t)) ? result : expected),
    infer: (i) => args[i],
    volatility: deterministic ? 'immutable' : 'volatile',
    nulls: 'strict',
    // Nothing is known of what a user's function returns.
    nullOtherwise: true,
    impl: (values) => call(...values),
  };
}

/** A numeric parameter takes any number, as the built-in functions do; others take their own kind. */
function accepts(param: SqlType, given: SqlType): boolean {
  return isNumeric(param) ? isNumeric(given) : param.kind === given.kind;
}

function typeOf(t: UdfType): SqlType {
  return typeof t === 'string' ? { kind: t } : t;
}
