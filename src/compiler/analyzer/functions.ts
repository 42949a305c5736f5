import { BIGINT, DATE, DOUBLE, INT, isNumeric, STRING, TIMESTAMP, UNKNOWN, type SqlType } from '../../core/SqlType.js';
import type { AggregateFn } from '../../core/specs.js';
import { unify } from './typeRules.js';

export interface ScalarSignature {
  readonly minArgs: number;
  readonly maxArgs: number;
  /** Type of the result from the argument types; a string is an error describing the expected types. */
  readonly returns: (args: readonly SqlType[]) => SqlType | string;
}

const numeric1 = (args: readonly SqlType[]) => (args.every(isNumeric) ? args[0]! : 'a number');
const numericDouble = (args: readonly SqlType[]) => (args.every(isNumeric) ? DOUBLE : 'numbers');
const isTime = (t: SqlType | undefined) => t?.kind === 'TIMESTAMP' || t?.kind === 'DATE';
const isText = (t: SqlType | undefined) => t === undefined || t.kind === 'STRING';
/** A time function: first argument a TIMESTAMP (or DATE), the rest (format, zone) strings. */
const fromTime = (result: SqlType, first = 0) => (args: readonly SqlType[]) =>
  isTime(args[first]) && args.every((a, i) => i === first || isText(a)) ? result : first === 0 ? 'a TIMESTAMP (then a format or time zone)' : 'a unit, then a TIMESTAMP';
const string1 = () => STRING;
/** coalesce/nvl/greatest/least: the arguments' common type (numbers widen); `coalesce(amount, 'none')` has none. */
const common = (args: readonly SqlType[]) => {
  const t = args.reduce<SqlType | undefined>((acc, a) => acc && unify(acc, a), UNKNOWN);
  return t === undefined ? 'arguments of one type' : t.kind === 'UNKNOWN' ? STRING : t;
};

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
  ['coalesce', { minArgs: 1, maxArgs: 64, returns: common }],
  ['nvl', { minArgs: 2, maxArgs: 2, returns: common }],
  ['replace', { minArgs: 3, maxArgs: 3, returns: string1 }],
  ['sqrt', { minArgs: 1, maxArgs: 1, returns: numericDouble }],
  ['power', { minArgs: 2, maxArgs: 2, returns: numericDouble }],
  ['ln', { minArgs: 1, maxArgs: 1, returns: numericDouble }],
  ['exp', { minArgs: 1, maxArgs: 1, returns: numericDouble }],
  ['greatest', { minArgs: 1, maxArgs: 64, returns: common }],
  ['least', { minArgs: 1, maxArgs: 64, returns: common }],
  ['now', { minArgs: 0, maxArgs: 0, returns: () => TIMESTAMP }],
  ['current_date', { minArgs: 0, maxArgs: 1, returns: () => DATE }],
  // Time zones and formats through luxon: zones are IANA names ('Europe/Paris'), formats luxon tokens ('yyyy-MM-dd HH:mm').
  ['date_format', { minArgs: 2, maxArgs: 3, returns: fromTime(STRING) }],
  ['to_timestamp', { minArgs: 1, maxArgs: 3, returns: (a) => (a.every(isText) ? TIMESTAMP : 'a string (then a format and a time zone)') }],
  ['to_date', { minArgs: 1, maxArgs: 2, returns: fromTime(DATE) }],
  ['date_trunc', { minArgs: 2, maxArgs: 3, returns: fromTime(TIMESTAMP, 1) }],
  ['year', { minArgs: 1, maxArgs: 2, returns: fromTime(INT) }],
  ['month', { minArgs: 1, maxArgs: 2, returns: fromTime(INT) }],
  ['day', { minArgs: 1, maxArgs: 2, returns: fromTime(INT) }],
  ['hour', { minArgs: 1, maxArgs: 2, returns: fromTime(INT) }],
  ['minute', { minArgs: 1, maxArgs: 2, returns: fromTime(INT) }],
  ['unix_timestamp', { minArgs: 1, maxArgs: 1, returns: fromTime(BIGINT) }],
  ['from_unixtime', { minArgs: 1, maxArgs: 1, returns: (a) => (isNumeric(a[0]!) ? TIMESTAMP : 'a number of seconds') }],
]);

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
