import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { BOOLEAN, decimal, INTERVAL, STRING, TIMESTAMP } from '../../src/core/SqlType.js';
import { ConsoleSink } from '../../src/connectors/console/ConsoleSink.js';
import type { Schema } from '../../src/core/Schema.js';

const schema: Schema = [
  { name: 'region', type: STRING, nullable: false },
  { name: 'window_start', type: TIMESTAMP, nullable: false },
  { name: 'total', type: decimal(12, 2), nullable: true },
  { name: 'late', type: BOOLEAN, nullable: true },
  { name: 'took', type: INTERVAL, nullable: true },
];

function capture(): { out: PassThrough; text: () => string } {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  return { out, text: () => Buffer.concat(chunks).toString('utf8') };
}

describe('ConsoleSink', () => {
  it('prints a batch as an aligned table, numbers right-aligned', async () => {
    const { out, text } = capture();
    const sink = new ConsoleSink(schema, out);
    await sink.open();
    await sink.writeBatch(
      [
        ['Zürich 🚀', Date.UTC(2024, 0, 1), 1500.5, true, 90_061_500],
        ['us\nwest', Date.UTC(2024, 0, 1, 0, 5), null, null, 1500],
      ],
      [],
    );
    expect(text()).toBe(
      [
        'region   | window_start             | total  | late | took',
        '---------+--------------------------+--------+------+-------------------',
        'Zürich 🚀 | 2024-01-01T00:00:00.000Z | 1500.5 | true | 1 day 01:01:01.500',
        'us\\nwest | 2024-01-01T00:05:00.000Z |   NULL | NULL | 00:00:01.500',
        '(2 rows)',
        '',
        '',
      ].join('\n'),
    );
  });

  it('prints nothing for a batch without rows', async () => {
    const { out, text } = capture();
    await new ConsoleSink(schema, out).writeBatch([], [{ topic: 't', partition: 0, offset: '1' }]);
    expect(text()).toBe('');
  });

  it('keeps offsets in memory, latest per partition, and starts empty', async () => {
    const sink = new ConsoleSink(schema, capture().out);
    expect(await sink.readOffsets()).toEqual([]);
    await sink.writeBatch(
      [],
      [
        { topic: 't', partition: 0, offset: '5' },
        { topic: 't', partition: 1, offset: '7' },
      ],
    );
    await sink.writeBatch([], [{ topic: 't', partition: 0, offset: '9' }]);
    expect(await sink.readOffsets()).toEqual([
      { topic: 't', partition: 0, offset: '9' },
      { topic: 't', partition: 1, offset: '7' },
    ]);
    expect(await new ConsoleSink(schema, capture().out).readOffsets()).toEqual([]);
  });
});
