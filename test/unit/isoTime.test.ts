import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isoTimeFast, isoTimeGeneral, isoTimeMillis } from '../../src/expr/isoTime.js';

const two = (lo: number, hi: number) => fc.integer({ min: lo, max: hi }).map((n) => String(n).padStart(2, '0'));

/** Time texts near the usual shape, fields a little out of range and spellings the fast path leaves to the general parser. */
const nearIso = fc
  .tuple(
    fc.oneof(
      fc.integer({ min: 0, max: 9999 }).map((y) => String(y).padStart(4, '0')),
      fc.constantFrom('024', '20245', '+2024'),
    ),
    two(0, 13),
    two(0, 32),
    fc.option(
      fc.tuple(
        fc.constantFrom('T', ' ', 't', '  ', ''),
        two(0, 25),
        two(0, 61),
        fc.option(two(0, 61)),
        fc.option(fc.stringMatching(/^[0-9]{0,11}$/).map((d) => `.${d}`)),
      ),
    ),
    fc.option(fc.constantFrom('Z', 'z', ' Z', '+02', '-05', '+0530', '-05:30', '+05:99', '+5', '+05:3', 'UTC', '+02:00:00')),
    fc.constantFrom('', ' ', '\n', 'x'),
    fc.constantFrom('', ' ', '\t'),
  )
  .map(([y, mo, d, time, zone, tail, head]) => {
    const t =
      time === null
        ? ''
        : `${time[0]}${time[1]}:${time[2]}${time[3] === null ? '' : `:${time[3]}`}${time[3] === null ? '' : (time[4] ?? '')}`;
    return `${head}${y}-${mo}-${d}${t}${zone ?? ''}${tail}`;
  });

describe('isoTime: the fast path gives the general parser’s answer', () => {
  it('on texts near the usual shape, valid or not', () => {
    fc.assert(
      fc.property(nearIso, (s) => {
        expect(isoTimeMillis(s)).toBe(isoTimeGeneral(s));
      }),
      { numRuns: 20_000 },
    );
  });

  it('takes every toISOString text and offsets as producers write them', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -62135596800000, max: 253402300799999 }),
        fc.constantFrom('', 'Z', '+01:00', '-0830', '+14'),
        (ms, zone) => {
          const s = new Date(ms).toISOString().replace('Z', zone);
          expect(isoTimeFast(s)).toBeDefined();
          expect(isoTimeFast(s)).toBe(isoTimeGeneral(s));
        },
      ),
      { numRuns: 20_000 },
    );
  });

  it('leaves out-of-range fields and other spellings to the general parser', () => {
    for (const s of [
      '2024-02-30',
      '2023-02-29T00:00',
      '2024-05-01T24:00',
      '2024-05-01T10:60',
      '2024-05-01T10:00:60',
      ' 2024-05-01',
      '2024-05-01t10:00',
      '2024-05-01T10:00z',
      '2024-05-01Z',
    ])
      expect(isoTimeFast(s)).toBeUndefined();
    expect(isoTimeMillis('2024-02-29T23:59:59.9999Z')).toBe(Date.UTC(2024, 1, 29, 23, 59, 59, 999));
    expect(isoTimeMillis('2024-05-01Z')).toBe(Date.UTC(2024, 4, 1));
    expect(isoTimeMillis('2024-02-30')).toBeUndefined();
  });
});
