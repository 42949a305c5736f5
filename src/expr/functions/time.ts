import { DateTime, type DateTimeUnit } from 'luxon';
import { BIGINT, DATE, DOUBLE, INT, isNumeric, STRING, TIMESTAMP, type SqlType } from '../../core/SqlType.js';
import { everyArg, firstArg, type ScalarFunctionDef, type ScalarImpl } from './FunctionDef.js';

/**
 * Time functions over the runtime's representation: TIMESTAMP as epoch ms,
 * DATE as 'YYYY-MM-DD'. Zones are IANA names ('Europe/Paris') and default to
 * UTC, formats are luxon tokens ('yyyy-MM-dd HH:mm'); a bad zone or format
 * yields NULL rather than failing the batch. They are strict in their first
 * argument only: a NULL zone or format means the default.
 */

const isTime = (t: SqlType | undefined) => t?.kind === 'TIMESTAMP' || t?.kind === 'DATE';
const isText = (t: SqlType | undefined) => t === undefined || t.kind === 'STRING';
/** First argument a TIMESTAMP (or DATE), the rest (format, zone) strings; date_trunc's time is its second. */
const fromTime =
  (result: SqlType, first = 0) =>
  (args: readonly SqlType[]) =>
    isTime(args[first]) && args.every((a, i) => i === first || isText(a))
      ? result
      : first === 0
        ? 'a TIMESTAMP (then a format or time zone)'
        : 'a unit, then a TIMESTAMP';

function toDateTime(v: unknown, zone: unknown): DateTime | null {
  const z = typeof zone === 'string' ? zone : 'UTC';
  const dt = typeof v === 'number' ? DateTime.fromMillis(v, { zone: z }) : typeof v === 'string' ? DateTime.fromISO(v, { zone: z }) : null;
  return dt && dt.isValid ? dt : null;
}

const UNITS = new Set(['year', 'quarter', 'month', 'week', 'day', 'hour', 'minute', 'second']);

const toTimestamp: ScalarImpl = ([text, format, zone]) => {
  if (typeof text !== 'string') return null;
  const z = typeof zone === 'string' ? zone : 'UTC';
  const dt = typeof format === 'string' ? DateTime.fromFormat(text, format, { zone: z }) : DateTime.fromISO(text, { zone: z });
  return dt.isValid ? dt.toMillis() : null;
};

const dateTrunc: ScalarImpl = ([unit, ts, zone]) => {
  const u = typeof unit === 'string' ? unit.toLowerCase() : '';
  if (!UNITS.has(u)) return null;
  return (
    toDateTime(ts, zone)
      ?.startOf(u as DateTimeUnit)
      .toMillis() ?? null
  );
};

/** year(ts [, zone]) … minute(ts [, zone]). */
const part = (name: 'year' | 'month' | 'day' | 'hour' | 'minute'): ScalarFunctionDef => ({
  kind: 'scalar',
  name,
  minArgs: 1,
  maxArgs: 2,
  returns: fromTime(INT),
  infer: firstArg(TIMESTAMP),
  volatility: 'immutable',
  nulls: 'strictFirst',
  nullOtherwise: true,
  impl: ([ts, zone]) => toDateTime(ts, zone)?.[name] ?? null,
});

const NOW: ScalarFunctionDef = {
  kind: 'scalar',
  name: 'now',
  minArgs: 0,
  maxArgs: 0,
  returns: () => TIMESTAMP,
  volatility: 'volatile',
  nulls: 'strict',
  impl: () => Date.now(),
};

export const TIME_FUNCTIONS: readonly ScalarFunctionDef[] = [
  NOW,
  // Spark's and SQL's name for now(); one value per row, as now() is.
  { ...NOW, name: 'current_timestamp' },
  {
    kind: 'scalar',
    name: 'current_date',
    minArgs: 0,
    maxArgs: 1,
    returns: () => DATE,
    // Today's date changes too.
    volatility: 'volatile',
    nulls: 'strictFirst',
    nullOtherwise: true,
    impl: ([zone]) =>
      DateTime.now()
        .setZone(typeof zone === 'string' ? zone : 'UTC')
        .toISODate(),
  },
  {
    kind: 'scalar',
    name: 'date_format',
    minArgs: 2,
    maxArgs: 3,
    returns: fromTime(STRING),
    infer: firstArg(TIMESTAMP),
    volatility: 'immutable',
    nulls: 'strictFirst',
    nullOtherwise: true,
    impl: ([ts, format, zone]) => (typeof format === 'string' ? (toDateTime(ts, zone)?.toFormat(format) ?? null) : null),
  },
  {
    kind: 'scalar',
    name: 'to_timestamp',
    minArgs: 1,
    maxArgs: 3,
    returns: (args) => (args.every(isText) ? TIMESTAMP : 'a string (then a format and a time zone)'),
    infer: firstArg(STRING),
    volatility: 'immutable',
    nulls: 'strictFirst',
    nullOtherwise: true,
    impl: toTimestamp,
  },
  {
    kind: 'scalar',
    name: 'to_date',
    minArgs: 1,
    maxArgs: 2,
    returns: fromTime(DATE),
    infer: firstArg(TIMESTAMP),
    volatility: 'immutable',
    nulls: 'strictFirst',
    nullOtherwise: true,
    impl: ([ts, zone]) => toDateTime(ts, zone)?.toISODate() ?? null,
  },
  {
    kind: 'scalar',
    name: 'date_trunc',
    minArgs: 2,
    maxArgs: 3,
    returns: fromTime(TIMESTAMP, 1),
    infer: (i) => (i === 1 ? TIMESTAMP : STRING),
    volatility: 'immutable',
    nulls: 'strictFirst',
    nullOtherwise: true,
    impl: dateTrunc,
  },
  part('year'),
  part('month'),
  part('day'),
  part('hour'),
  part('minute'),
  {
    kind: 'scalar',
    name: 'unix_timestamp',
    minArgs: 1,
    maxArgs: 1,
    returns: fromTime(BIGINT),
    infer: firstArg(TIMESTAMP),
    volatility: 'immutable',
    nulls: 'strictFirst',
    nullOtherwise: true,
    impl: ([ts]) => (typeof ts === 'number' ? Math.floor(ts / 1000) : (toDateTime(ts, 'UTC')?.toSeconds() ?? null)),
  },
  {
    kind: 'scalar',
    name: 'from_unixtime',
    minArgs: 1,
    maxArgs: 1,
    returns: (args) => (isNumeric(args[0]!) ? TIMESTAMP : 'a number of seconds'),
    infer: everyArg(DOUBLE),
    volatility: 'immutable',
    nulls: 'strictFirst',
    nullOtherwise: true,
    impl: ([seconds]) => (typeof seconds === 'number' ? seconds * 1000 : null),
  },
];
