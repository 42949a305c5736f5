import { describe, expect, it } from 'vitest';
import { Decimal } from '../../src/core/Decimal.js';

const d = (text: string) => Decimal.parse(text)!;

describe('Decimal', () => {
  it('reads decimal text exactly, with its scale', () => {
    expect(String(d('12.340'))).toBe('12.340');
    expect(d('12.340').scale).toBe(3);
    expect(String(d('-0.5'))).toBe('-0.5');
    expect(String(d('.5'))).toBe('0.5');
    expect(String(d('1.'))).toBe('1');
    expect(String(d('+7'))).toBe('7');
    expect(String(d('6.02e23'))).toBe('602000000000000000000000');
    expect(String(d('1.5E-3'))).toBe('0.0015');
    expect(String(d('123456789012345678901234567890.12345678'))).toBe('123456789012345678901234567890.12345678');
    for (const bad of ['', ' ', '.', 'e5', '1e', '0x10', '1,5', 'NaN', 'Infinity', '1e999999', '- 1'])
      expect(Decimal.parse(bad)).toBeUndefined();
  });

  it('reads a double by its shortest representation, as Spark does', () => {
    expect(String(Decimal.fromNumber(0.1))).toBe('0.1');
    expect(String(Decimal.fromNumber(1.005))).toBe('1.005');
    expect(String(Decimal.fromNumber(2732.5 * 0.19))).toBe('519.175');
    expect(String(Decimal.fromNumber(1e21))).toBe('1000000000000000000000');
    expect(String(Decimal.fromNumber(-1e-7))).toBe('-0.0000001');
    expect(Decimal.fromNumber(NaN)).toBeUndefined();
    expect(Decimal.fromNumber(Infinity)).toBeUndefined();
    expect(String(Decimal.from(42))).toBe('42');
    expect(String(Decimal.from(9007199254740993n))).toBe('9007199254740993');
  });

  it('changes scale rounding half away from zero', () => {
    const cases: [string, number, string][] = [
      ['1.235', 2, '1.24'],
      ['1.245', 2, '1.25'],
      ['-1.235', 2, '-1.24'],
      ['1.2349999999999999999', 2, '1.23'],
      ['0.5', 0, '1'],
      ['-0.5', 0, '-1'],
      ['0.49', 0, '0'],
      ['2.5', 3, '2.500'],
    ];
    for (const [text, scale, expected] of cases) expect(`${text} → ${d(text).withScale(scale)}`).toBe(`${text} → ${expected}`);
  });

  it('rounds at negative digits into the tens, hundreds, …', () => {
    expect(String(d('1250').round(-2))).toBe('1300');
    expect(String(d('-1249.99').round(-2))).toBe('-1200');
    expect(String(d('12.5').round(-2))).toBe('0');
  });

  it('adds, subtracts, multiplies, divides and takes remainders exactly', () => {
    let tenth = d('0');
    for (let i = 0; i < 10; i++) tenth = tenth.add(d('0.1'));
    expect(String(tenth)).toBe('1.0');
    expect(tenth.compare(d('1'))).toBe(0);
    expect(String(d('0.3').subtract(d('0.1')))).toBe('0.2');
    expect(String(d('2732.5').multiply(d('0.19')))).toBe('519.175');
    expect(String(d('1').divide(d('3'), 6))).toBe('0.333333');
    expect(String(d('2').divide(d('3'), 6))).toBe('0.666667');
    expect(String(d('-2').divide(d('3'), 6))).toBe('-0.666667');
    expect(d('1').divide(d('0'), 6)).toBeUndefined();
    expect(String(d('-7.5').remainder(d('2')))).toBe('-1.5');
    expect(d('1').remainder(d('0.00'))).toBeUndefined();
  });

  it('compares across scales and knows its integer parts and precision', () => {
    expect(d('1.50').compare(d('1.5'))).toBe(0);
    expect(d('-2').compare(d('1.99'))).toBe(-1);
    expect(d('10').compare(d('9.999'))).toBe(1);
    expect([d('-1.5').floor(), d('-1.5').ceil(), d('-1.5').truncate(), d('1.5').floor(), d('1.5').ceil(), d('-2').floor()]).toEqual([
      -2n,
      -1n,
      -1n,
      1n,
      2n,
      -2n,
    ]);
    expect(d('999.99').fits(5)).toBe(true);
    expect(d('-999.99').fits(5)).toBe(true);
    expect(d('1000.00').fits(5)).toBe(false);
  });

  it('is JSON as its text, so saved state and keys keep every digit', () => {
    expect(JSON.stringify([d('12345678901234567890.0000000001')])).toBe('["12345678901234567890.0000000001"]');
    expect(d('0.10').toNumber()).toBe(0.1);
  });
});
