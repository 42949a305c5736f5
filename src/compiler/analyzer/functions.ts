import { BIGINT, DOUBLE, INT, isNumeric, STRING, TIMESTAMP, type SqlType } from '../SqlType.js';

export interface ScalarSignature {
  readonly minArgs: number;
  readonly maxArgs: number;
  /** Type of the result from the argument types; a string is an error describing the expected types. */
  readonly returns: (args: readonly SqlType[]) => SqlType | string;
}

const numeric1 = (args: readonly SqlType[]) => (args.every(isNumeric) ? args[0]! : 'a number');
const string1 = () => STRING;
const firstNonNull = (args: readonly SqlType[]) => args.find((t) => t.kind !== 'UNKNOWN') ?? STRING;

/** Scalar functions: their arity and result type. The runtime implements each by name. */
export const SCALAR_FUNCTIONS: ReadonlyMap<string, ScalarSignature> = new Map<string, ScalarSignature>([
  ['upper', { minArgs: 1, maxArgs: 1, returns: string1 }],
  ['lower', { minArgs: 1, maxArgs: 1, returns: string1 }],
  ['trim', { minArgs: 1, maxArgs: 1, returns: string1 }],
  ['length', { minArgs: 1, maxArgs: 1, returns: () => INT }],
  ['substr', { minArgs: 2, maxArgs: 3, returns: string1 }],
  ['concat', { minArgs: 1, maxArgs: 64, returns: string1 }],
  ['abs', { minArgs: 1, maxArgs: 1, returns: numeric1 }],
  ['round', { minArgs: 1, maxArgs: 2, returns: (a) => (isNumeric(a[0]!) ? DOUBLE : 'a number') }],
  ['floor', { minArgs: 1, maxArgs: 1, returns: (a) => (isNumeric(a[0]!) ? BIGINT : 'a number') }],
  ['ceil', { minArgs: 1, maxArgs: 1, returns: (a) => (isNumeric(a[0]!) ? BIGINT : 'a number') }],
  ['coalesce', { minArgs: 1, maxArgs: 64, returns: firstNonNull }],
  ['nvl', { minArgs: 2, maxArgs: 2, returns: firstNonNull }],
  ['now', { minArgs: 0, maxArgs: 0, returns: () => TIMESTAMP }],
]);

export type AggregateFn = 'count' | 'sum' | 'avg' | 'min' | 'max';
export const AGGREGATE_FUNCTIONS: ReadonlySet<string> = new Set(['count', 'sum', 'avg', 'min', 'max']);

export function aggregateType(fn: AggregateFn, arg: SqlType | undefined): SqlType | string {
  switch (fn) {
    case 'count':
      return BIGINT;
    case 'sum':
      if (!arg || !isNumeric(arg)) return 'a number';
      return arg.kind === 'INT' || arg.kind === 'BIGINT' ? BIGINT : arg;
    case 'avg':
      return arg && isNumeric(arg) ? DOUBLE : 'a number';
    case 'min':
    case 'max':
      return arg ?? STRING;
  }
}

/** Window functions: they group rows by time, so they live in SELECT or GROUP BY of an aggregate. */
export const WINDOW_FUNCTIONS: ReadonlySet<string> = new Set(['window', 'session']);
