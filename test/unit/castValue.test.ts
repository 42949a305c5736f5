import { describe, expect, it } from 'vitest';
import { castValue } from '../../src/runtime/expr/castValue.js';

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
