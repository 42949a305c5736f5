import { describe, expect, it } from 'vitest';
import { castValue } from '../../src/expr/castValue.js';

const TIMESTAMP = { kind: 'TIMESTAMP' } as const;

describe('castValue: timestamps', () => {
  it('reads a date-time without an offset as UTC, whatever the process time zone', () => {
    const utc = Date.UTC(2024, 4, 1, 10, 0, 0);
    expect(castValue('2024-05-01T10:00:00', TIMESTAMP)).toBe(utc);
    expect(castValue('2024-05-01 10:00:00', TIMESTAMP)).toBe(utc);
    expect(castValue('2024-05-01T10:00:00.250', TIMESTAMP)).toBe(utc + 250);
    expect(castValue('  2024-05-01T10:00  ', TIMESTAMP)).toBe(utc);
  });

  it('keeps an explicit offset or Z', () => {
    const utc = Date.UTC(2024, 4, 1, 10, 0, 0);
    expect(castValue('2024-05-01T10:00:00Z', TIMESTAMP)).toBe(utc);
    expect(castValue('2024-05-01T12:00:00+02:00', TIMESTAMP)).toBe(utc);
    expect(castValue('2024-05-01T05:00:00-0500', TIMESTAMP)).toBe(utc);
  });

  it('reads numbers as epoch milliseconds and rejects what is not a time', () => {
    expect(castValue(1714557600000, TIMESTAMP)).toBe(1714557600000);
    expect(castValue('soon', TIMESTAMP)).toBeUndefined();
    expect(castValue(Number.NaN, TIMESTAMP)).toBeUndefined();
    expect(castValue(null, TIMESTAMP)).toBeNull();
  });
});

describe('castValue: numbers that do not fit', () => {
  it('an INT or BIGINT out of range cannot be cast or decoded (the database would refuse the batch)', () => {
    expect(castValue(2_147_483_647, { kind: 'INT' })).toBe(2_147_483_647);
    expect(castValue(10_000_000_000, { kind: 'INT' })).toBeUndefined();
    expect(castValue(10_000_000_000, { kind: 'BIGINT' })).toBe(10_000_000_000);
    expect(castValue(2 ** 60, { kind: 'BIGINT' })).toBeUndefined();
  });

  it('decoding refuses a fraction for an integer type; CAST truncates', () => {
    expect(castValue(3.7, { kind: 'INT' }, 'decode')).toBeUndefined();
    expect(castValue('12', { kind: 'INT' }, 'decode')).toBe(12);
    expect(castValue(3.7, { kind: 'INT' })).toBe(3);
  });

  it('a fractional epoch millisecond rounds to a whole one', () => {
    expect(castValue(1700000000123.5, TIMESTAMP)).toBe(1700000000124);
  });
});
