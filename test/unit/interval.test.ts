import { describe, expect, it } from 'vitest';
import { formatInterval, parseInterval } from '../../src/compiler/ast/interval.js';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

describe('parseInterval', () => {
  it.each([
    ['5 minutes', 5 * MINUTE],
    ['1 minute', MINUTE],
    ['90 seconds', 90 * SECOND],
    ['1 hour 30 minutes', HOUR + 30 * MINUTE],
    ['2 days 3 hours', 2 * DAY + 3 * HOUR],
    ['1 week', 7 * DAY],
    ['250 milliseconds', 250],
    ['250 ms', 250],
    ['10 sec', 10 * SECOND],
    ['15 min', 15 * MINUTE],
    ['2 h', 2 * HOUR],
    ['2 hrs', 2 * HOUR],
    ['1.5 hours', 1.5 * HOUR],
    ['  5   MINUTES  ', 5 * MINUTE],
  ])("'%s' is %d ms", (text, ms) => {
    expect(parseInterval(text)).toBe(ms);
  });

  it.each(['', 'soon', '5', 'minutes', '5 minuets', '5 minutes and', '-5 minutes', 'five minutes', '5 minutes 3', '1e3 seconds'])(
    "'%s' is not an interval",
    (text) => {
      expect(parseInterval(text)).toBeUndefined();
    },
  );

  it("a bare number with the unit after the literal: INTERVAL '30' SECOND", () => {
    expect(parseInterval('30', 'SECOND')).toBe(30 * SECOND);
    expect(parseInterval('30', 'seconds')).toBe(30 * SECOND);
    expect(parseInterval(' 2 ', 'hour')).toBe(2 * HOUR);
    expect(parseInterval('1.5', 'minute')).toBe(1.5 * MINUTE);
    expect(parseInterval('250', 'ms')).toBe(250);
    expect(parseInterval('30', 'fortnight')).toBeUndefined();
    expect(parseInterval('', 'second')).toBeUndefined();
    expect(parseInterval('abc', 'second')).toBeUndefined();
  });
});

describe('formatInterval', () => {
  it.each([
    [5 * MINUTE, '5 minutes'],
    [MINUTE, '1 minute'],
    [90 * SECOND, '90 seconds'],
    [HOUR, '1 hour'],
    [HOUR + 30 * MINUTE, '90 minutes'],
    [2 * DAY, '2 days'],
    [1500, '1500 milliseconds'],
    [1, '1 millisecond'],
    [0, '0 milliseconds'],
  ])('%d ms reads %s', (ms, text) => {
    expect(formatInterval(ms)).toBe(text);
  });

  it('round-trips through parseInterval for whole milliseconds', () => {
    for (const ms of [1, 999, 1000, 61_000, 3_600_000, 5_400_000, 86_400_000, 90_061_001]) {
      expect(parseInterval(formatInterval(ms))).toBe(ms);
    }
  });
});
