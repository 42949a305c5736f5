import { describe, expect, it } from 'vitest';
import { Decimal } from '../../src/core/Decimal.js';
import type { Schema } from '../../src/core/Schema.js';
import { BOOLEAN, decimal, INT, INTERVAL, STRING, TIMESTAMP, UNKNOWN } from '../../src/core/SqlType.js';
import { copyText } from '../../src/connectors/postgres/copyText.js';
import { copyRows } from '../../src/connectors/postgres/postgresSql.js';
import { POSTGRES_IDENTIFIERS } from '../../src/connectors/postgres/postgresTypes.js';
import { resolveSinkTable } from '../../src/connectors/relational/sinkTable.js';

const tableOf = (schema: Schema) =>
  resolveSinkTable({ table: 'Target', schema, mode: 'append', key: [], queryId: 'q' }, POSTGRES_IDENTIFIERS);
const one = (type: Schema[number]['type']) => tableOf([{ name: 'v', type, nullable: true }]);

describe('copyText: rows as the text of COPY … FROM STDIN', () => {
  it('writes a field per column and a line per row: NULL as \\N, backslash, tab and line breaks escaped', () => {
    const t = tableOf([
      { name: 'Id', type: INT, nullable: false },
      { name: 'label', type: STRING, nullable: true },
      { name: 'ok', type: BOOLEAN, nullable: true },
      { name: 'what', type: UNKNOWN, nullable: true },
    ]);
    expect(
      copyText(t, [
        [1, 'a\tb\nc\rd\\e', true, { k: 'v' }],
        [2, null, false, 7],
        [3, '\\N', null, undefined],
      ]),
    ).toEqual(['1\ta\\tb\\nc\\rd\\\\e\tt\t{"k":"v"}\n2\t\\N\tf\t7\n3\t\\\\N\t\\N\t\\N\n']);
    expect(copyRows(t, [[1, 'x', true, null]])?.copy).toBe('COPY "target" ("id", "label", "ok", "what") FROM STDIN');
  });

  it('writes decimals at their scale, timestamps as UTC text and intervals as milliseconds', () => {
    expect(copyText(one(decimal(10, 3)), [[Decimal.parse('-1.5')], [12]])).toEqual(['-1.500\n12.000\n']);
    expect(copyText(one(TIMESTAMP), [[0], [-1]])).toEqual(['1970-01-01T00:00:00.000Z\n1969-12-31T23:59:59.999Z\n']);
    expect(copyText(one(INTERVAL), [[-90_061_001]])).toEqual(['-90061001 milliseconds\n']);
  });

  it('leaves to the INSERT a batch with a value only the INSERT gives its fate', () => {
    const cases: [Schema[number]['type'], unknown][] = [
      [STRING, 'nul\0'],
      [STRING, { not: 'a string' }],
      [INT, 2 ** 31],
      [INT, 1.5],
      [decimal(5, 2), Decimal.parse('1234.5')],
      [decimal(5, 2), 'not a number'],
      [TIMESTAMP, -62_135_596_800_001],
      [TIMESTAMP, 253_402_300_800_000],
      [TIMESTAMP, 0.5],
      [INTERVAL, 9_007_199_254_741],
      [BOOLEAN, 'yes'],
    ];
    for (const [type, value] of cases) expect(copyText(one(type), [[null], [value]]), `${type.kind} ${String(value)}`).toBeUndefined();
  });

  it('cuts the text into chunks of whole rows', () => {
    const rows = Array.from({ length: 3_000 }, (_, i) => [`${i}`.padEnd(100, '.')]);
    const chunks = copyText(one(STRING), rows)!;
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.every((c) => c.endsWith('\n'))).toBe(true);
    expect(chunks.join('')).toBe(rows.map((r) => `${r[0]}\n`).join(''));
  });
});
