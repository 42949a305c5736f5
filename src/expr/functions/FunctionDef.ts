import type { BoundExpr } from '../../core/BoundExpr.js';
import type { SqlType } from '../../core/SqlType.js';
import type { Accumulator } from './Accumulator.js';

/**
 * One function of the language, everything every layer needs to know about it
 * in one place (the shape of DataFusion's `ScalarUDFImpl`): the analyzer reads
 * its signature and inference hint, the optimizer its volatility, the runtime
 * its implementation. A function the analyzer accepts is one the runtime can
 * evaluate, by construction.
 */
export type FunctionDef = ScalarFunctionDef | AggregateFunctionDef | WindowFunctionDef;

/**
 * What an argument whose type nothing declares (a column of an undeclared JSON
 * stream) is read as: by position, or `'result'` when the arguments share the
 * result's type, so that the call's use types them (`max(x) > 3`, `coalesce(x, 0)`).
 */
export type ArgInference = 'result' | ((index: number) => SqlType | undefined);

/** `volatile`: two calls with the same arguments may differ (`now()`), so it is never folded or moved. */
export type Volatility = 'immutable' | 'volatile';

/**
 * How NULL arguments are treated. `strict`: any NULL argument gives NULL and the
 * implementation never sees one; `strictFirst`: only a NULL first argument does
 * (the optional zone or format of a time function falls back to its default);
 * `called`: the implementation sees NULLs (coalesce, concat).
 */
export type NullHandling = 'strict' | 'strictFirst' | 'called';

/** Evaluates one call from its argument values (NULL is `null` or `undefined`). */
export type ScalarImpl = (args: readonly unknown[]) => unknown;

export interface ScalarFunctionDef {
  readonly kind: 'scalar';
  /** Lower case: the name the analyzer, the plan and EXPLAIN use. */
  readonly name: string;
  readonly minArgs: number;
  readonly maxArgs: number;
  /**
   * The result type from the argument types (none UNKNOWN), and the bound
   * arguments when a constant one decides it (round's digits); a string is what
   * the arguments should have been, for the analyzer's "expected …" message.
   */
  readonly returns: (args: readonly SqlType[], bound?: readonly BoundExpr[]) => SqlType | string;
  readonly infer?: ArgInference;
  readonly volatility: Volatility;
  readonly nulls: NullHandling;
  /**
   * Whether the result can be NULL when no argument is (sqrt of a negative, a bad
   * zone, an unparsable time): with `nulls`, what expr/nullability.ts knows of a
   * call, so that a table a query creates has NOT NULL columns only where no row
   * can hold NULL. Absent: a NULL result needs a NULL argument (for a `called`
   * function, every argument NULL, as for coalesce).
   */
  readonly nullOtherwise?: boolean;
  /**
   * The position of an argument that is a regular expression: written as a
   * literal, it is checked when the query compiles (K3006 at the literal),
   * rather than giving NULL on every row.
   */
  readonly patternArg?: number;
  readonly impl: ScalarImpl;
}

export interface AggregateFunctionDef {
  readonly kind: 'aggregate';
  readonly name: string;
  /** Whether `f(*)` is allowed besides `f(x)`: only count. */
  readonly star: boolean;
  /** The result type from the argument's (undefined for `*`); a string is what the argument should have been. */
  readonly returns: (arg: SqlType | undefined) => SqlType | string;
  /** Whether the result may be NULL: count of no rows is 0, the others are NULL. */
  readonly nullable: boolean;
  readonly infer?: ArgInference;
  /** The running value over a group's rows, NULLs skipped. */
  readonly accumulator: Accumulator;
}

/**
 * window()/session(): they group rows by time, so the analyzer turns them into
 * the aggregate's window and the runtime's window operators implement them.
 */
export interface WindowFunctionDef {
  readonly kind: 'window';
  readonly name: string;
  readonly maxArgs: number;
  /** The arguments as the wrong-count message describes them. */
  readonly expects: string;
  readonly infer?: ArgInference;
}

/** Every argument is read as `type` (`power(2, x)`, `round(x, digits)`). */
export const everyArg =
  (type: SqlType): ArgInference =>
  () =>
    type;

/** The first argument is read as `type`; the rest (a format, zone or position) say nothing. */
export const firstArg =
  (type: SqlType): ArgInference =>
  (i) =>
    i === 0 ? type : undefined;

/**
 * A function of one argument, immutable and NULL on a NULL argument: the
 * commonest shape, written with what differs (name, result, reading, body).
 */
export function unary(
  name: string,
  returns: ScalarFunctionDef['returns'],
  infer: ArgInference,
  impl: (arg: unknown) => unknown,
  facts: Pick<ScalarFunctionDef, 'nullOtherwise'> = {},
): ScalarFunctionDef {
  return {
    kind: 'scalar',
    name,
    minArgs: 1,
    maxArgs: 1,
    returns,
    infer,
    volatility: 'immutable',
    nulls: 'strict',
    ...facts,
    impl: ([a]) => impl(a),
  };
}
