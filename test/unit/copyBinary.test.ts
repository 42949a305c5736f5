import { describe, expect, it } from 'vitest';
import { Decimal } from '../../src/core/Decimal.js';
import type { Schema } from '../../src/core/Schema.js';
import { BIGINT, BOOLEAN, DATE, decimal, INT, INTERVAL, STRING, TIMESTAMP } from '../../src/core/SqlType.js';
import { copyBinary } from '../../src/connectors/postgres/copyBinary.js';
import { copyRows } from '../../src/connectors/postgres/postgresSql.js';
import { POSTGRES_IDENTIFIERS } from '../../src/connectors/postgres/postgresTypes.js';
import { resolveSinkTable } from '../../src/connectors/relational/sinkTable.js';

const tableOf = (schema: Schema) =>
  resolveSinkTable({ table: 'Target', schema, mode: 'append', key: [], queryId: 'q' }, POSTGRES_IDENTIFIERS);
const one = (type: Schema[number]['type']) => tableOf([{ name: 'v', type, nullable: true }]);
const HEADER = '5047434f50590aff0d0a00' + '00000000' + '00000000';
const TRAILER = 'ffff';
/** The one field of a one-column row, in hex. */
const field = (type: Schema[number]['type'], v: unknown): string => {
  const hex = Buffer.concat(copyBinary(one(type), [[v]])!).toString('hex');
  return hex.slice(HEADER.length + 4, hex.length - TRAILER.length);
};

describe('copyBinary: rows as the data of COPY … FROM STDIN (FORMAT binary)', () => {
  it('writes the header, a field count per row, each field as its length and bytes, NULL as length -1, and the trailer', () => {
    const t = tableOf([
      { name: 'Id', type: INT, nullable: false },
      { name: 'label', type: STRING, nullable: true },
      { name: 'ok', type: BOOLEAN, nullable: true },
    ]);
    expect(
      Buffer.concat(
        copyBinary(t, [
          [1, 'é\t', true],
          [2, null, false],
        ])!,
      ).toString('hex'),
    ).toBe(
      HEADER +
        '0003' +
        '0000000400000001' +
        '00000003c3a909' +
        '0000000101' +
        '0003' +
        '0000000400000002' +
        'ffffffff' +
        '0000000100' +
        TRAILER,
    );
    expect(copyRows(t, [[1, 'x', true]])?.copy).toBe('COPY "target" ("id", "label", "ok") FROM STDIN (FORMAT binary)');
  });

  it('writes numerics in base 10000, timestamps and intervals in microseconds, dates in days, from 2000-01-01', () => {
    // ndigits 2, weight 0, negative, dscale 5: 12 . 3450 → -12.34500
    expect(field(decimal(10, 5), Decimal.parse('-12.345'))).toBe('0000000c' + '0002' + '0000' + '4000' + '0005' + '000c' + '0d7a');
    expect(field(decimal(10, 2), Decimal.parse('0'))).toBe('00000008' + '0000' + '0000' + '0000' + '0002');
    expect(field(TIMESTAMP, 946_684_800_001)).toBe('00000008' + '00000000000003e8');
    expect(field(TIMESTAMP, 946_684_799_999)).toBe('00000008' + 'fffffffffffffc18');
    // 9999-12-31T23:59:59.999Z: 252,455,615,999,999,000 µs after 2000, past 2^53.
    expect(field(TIMESTAMP, 253_402_300_799_999)).toBe('00000008' + 252_455_615_999_999_000n.toString(16).padStart(16, '0'));
    expect(field(INTERVAL, -1)).toBe('00000010' + 'fffffffffffffc18' + '00000000' + '00000000');
    expect(field(DATE, '1999-12-31')).toBe('00000004' + 'ffffffff');
    expect(field(BIGINT, -2)).toBe('00000008' + 'fffffffffffffffe');
  });

  it('leaves to the INSERT a batch with a value only the INSERT gives its fate', () => {
    const cases: [Schema[number]['type'], unknown][] = [
      [STRING, 'nul\0'],
      [STRING, { not: 'a string' }],
      [INT, 2 ** 31],
      [INT, 1.5],
      [BIGINT, 2 ** 60],
      [BIGINT, 2n ** 63n],
      [decimal(5, 2), Decimal.parse('1234.5')],
      [decimal(5, 2), 'not a number'],
      [DATE, '2024-1-5'],
      [DATE, '2023-02-29'],
      [TIMESTAMP, -62_135_596_800_001],
      [TIMESTAMP, 253_402_300_800_000],
      [TIMESTAMP, 0.5],
      [INTERVAL, 9_007_199_254_741],
      [BOOLEAN, 'yes'],
    ];
    for (const [type, value] of cases) expect(copyBinary(one(type), [[null], [value]]), `${type.kind} ${String(value)}`).toBeUndefined();
  });

  it('fills buffers of about 64 KiB', () => {
    const rows = Array.from({ length: 3_000 }, (_, i) => [`${i}`.padEnd(100, '.')]);
    const chunks = copyBinary(one(STRING), rows)!;
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.reduce((n, c) => n + c.length, 0)).toBe(HEADER.length / 2 + 3_000 * (2 + 4 + 100) + 2);
  });
});
