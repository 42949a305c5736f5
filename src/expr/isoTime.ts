import { daysFromCivil, daysInMonth } from '../core/civilDays.js';

/**
 * The one accepted text form of a time: ISO-8601 (RFC 3339) date, or date and
 * time with optional seconds, fraction and offset (`T` or a space between).
 * Anything else (`2024/05/01 10:00`, `12`, `Order 7`) is not a time: the
 * engine's own parser would guess, in the host's zone.
 */
const ISO_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/**
 * Epoch milliseconds of ISO-8601 time text, or undefined when it is not one. A
 * time without an offset is UTC, as k2o reads every time without a zone, on
 * every host. The usual shape takes the fast path: it is most of what a stream's
 * records hold, and the general parser costs more than JSON.parse of the record.
 */
export function isoTimeMillis(s: string): number | undefined {
  return isoTimeFast(s) ?? isoTimeGeneral(s);
}

/** Any accepted form, by ISO_TIME; a field out of its range (2024-02-30, 24:00) is not a time. */
export function isoTimeGeneral(s: string): number | undefined {
  const m = ISO_TIME.exec(s.trim());
  if (!m) return undefined;
  const [, y, mo, d, h = '0', mi = '0', sec = '0', frac = '', zone] = m;
  const [year, month, day, hour, minute, second] = [Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(sec)];
  // setUTCFullYear, not Date.UTC, which reads years 0–99 as 1900–1999.
  const t = new Date(0);
  t.setUTCFullYear(year, month, day);
  t.setUTCHours(hour, minute, second, Number(frac.slice(0, 3).padEnd(3, '0')));
  // Dates roll 2024-02-30 over to March.
  if (
    t.getUTCFullYear() !== year ||
    t.getUTCMonth() !== month ||
    t.getUTCDate() !== day ||
    t.getUTCHours() !== hour ||
    t.getUTCMinutes() !== minute ||
    t.getUTCSeconds() !== second
  ) {
    return undefined;
  }
  return t.getTime() - offsetMillis(zone);
}

function offsetMillis(zone: string | undefined): number {
  if (zone === undefined || zone.toUpperCase() === 'Z') return 0;
  const digits = zone.slice(1).replace(':', '');
  const minutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || '0');
  return (zone[0] === '-' ? -1 : 1) * minutes * 60_000;
}

/**
 * Epoch milliseconds of a time in the shape producers write (what
 * `Date.prototype.toISOString` prints): `YYYY-MM-DD`, optionally `T` or a space
 * and `HH:MM`, `:SS`, a fraction of 1–9 digits, and `Z` or an offset `±HH`,
 * `±HHMM`, `±HH:MM`; read from character codes, without a regular expression
 * or a Date. Undefined for anything else, including a date or time out of its
 * field's range: the general parser then decides, so this path only ever gives
 * the answer that parser gives (held to it by test/unit/isoTime.test.ts).
 */
export function isoTimeFast(s: string): number | undefined {
  const n = s.length;
  if (n < 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return undefined;
  const year = digits(s, 0, 4);
  const month = digits(s, 5, 2);
  const day = digits(s, 8, 2);
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  let ms = daysFromCivil(year, month, day) * 86_400_000;
  if (n === 10) return ms;
  const separator = s.charCodeAt(10);
  if ((separator !== 84 /* T */ && separator !== 32) || n < 16 || s.charCodeAt(13) !== 58) return undefined;
  const hour = digits(s, 11, 2);
  const minute = digits(s, 14, 2);
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59) return undefined;
  ms += hour * 3_600_000 + minute * 60_000;
  let i = 16;
  if (s.charCodeAt(i) === 58 /* : */) {
    const second = digits(s, i + 1, 2);
    if (second < 0 || second > 59) return undefined;
    ms += second * 1000;
    i += 3;
    if (s.charCodeAt(i) === 46 /* . */) {
      const from = ++i;
      let millis = 0;
      while (i < n && i - from < 9 && isDigit(s.charCodeAt(i))) {
        // Truncated to whole milliseconds, as the general parser keeps three digits.
        if (i - from < 3) millis = millis * 10 + (s.charCodeAt(i) - 48);
        i++;
      }
      if (i === from) return undefined;
      for (let k = i - from; k < 3; k++) millis *= 10;
      ms += millis;
    }
  }
  if (i === n) return ms;
  const zone = s.charCodeAt(i);
  if (zone === 90 /* Z */) return i + 1 === n ? ms : undefined;
  if (zone !== 43 && zone !== 45) return undefined;
  const offsetHours = digits(s, i + 1, 2);
  if (offsetHours < 0) return undefined;
  let offsetMinutes = 0;
  const rest = n - (i + 3);
  if (rest === 3 && s.charCodeAt(i + 3) === 58) offsetMinutes = digits(s, i + 4, 2);
  else if (rest === 2) offsetMinutes = digits(s, i + 3, 2);
  else if (rest !== 0) return undefined;
  if (offsetMinutes < 0) return undefined;
  const offset = (offsetHours * 60 + offsetMinutes) * 60_000;
  return zone === 45 ? ms + offset : ms - offset;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** The decimal number of `count` digits at `at`, or -1 where one is not a digit. */
function digits(s: string, at: number, count: number): number {
  let v = 0;
  for (let i = at; i < at + count; i++) {
    const c = s.charCodeAt(i);
    if (!isDigit(c)) return -1;
    v = v * 10 + (c - 48);
  }
  return v;
}
