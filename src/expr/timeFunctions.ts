import { DateTime, type DateTimeUnit } from 'luxon';

/**
 * Time functions over the runtime's representation: TIMESTAMP as epoch ms,
 * DATE as 'YYYY-MM-DD'. Zones are IANA names and default to UTC; a bad zone
 * or format yields NULL rather than failing the batch.
 */
type Impl = (args: unknown[]) => unknown;

function toDateTime(v: unknown, zone: unknown): DateTime | null {
  const z = typeof zone === 'string' ? zone : 'UTC';
  const dt = typeof v === 'number' ? DateTime.fromMillis(v, { zone: z }) : typeof v === 'string' ? DateTime.fromISO(v, { zone: z }) : null;
  return dt && dt.isValid ? dt : null;
}

const part = (unit: 'year' | 'month' | 'day' | 'hour' | 'minute'): Impl => (a) => toDateTime(a[0], a[1])?.[unit] ?? null;

const UNITS = new Set(['year', 'quarter', 'month', 'week', 'day', 'hour', 'minute', 'second']);

export const TIME_IMPLS: ReadonlyMap<string, Impl> = new Map<string, Impl>([
  ['current_date', (a) => DateTime.now().setZone(typeof a[0] === 'string' ? a[0] : 'UTC').toISODate()],
  ['date_format', (a) => (typeof a[1] === 'string' ? (toDateTime(a[0], a[2])?.toFormat(a[1]) ?? null) : null)],
  [
    'to_timestamp',
    (a) => {
      if (typeof a[0] !== 'string') return null;
      const zone = typeof a[2] === 'string' ? a[2] : 'UTC';
      const dt = typeof a[1] === 'string' ? DateTime.fromFormat(a[0], a[1], { zone }) : DateTime.fromISO(a[0], { zone });
      return dt.isValid ? dt.toMillis() : null;
    },
  ],
  ['to_date', (a) => toDateTime(a[0], a[1])?.toISODate() ?? null],
  [
    'date_trunc',
    (a) => {
      const unit = typeof a[0] === 'string' ? a[0].toLowerCase() : '';
      if (!UNITS.has(unit)) return null;
      return toDateTime(a[1], a[2])?.startOf(unit as DateTimeUnit).toMillis() ?? null;
    },
  ],
  ['year', part('year')],
  ['month', part('month')],
  ['day', part('day')],
  ['hour', part('hour')],
  ['minute', part('minute')],
  ['unix_timestamp', (a) => (typeof a[0] === 'number' ? Math.floor(a[0] / 1000) : (toDateTime(a[0], 'UTC')?.toSeconds() ?? null))],
  ['from_unixtime', (a) => (typeof a[0] === 'number' ? a[0] * 1000 : null)],
]);
