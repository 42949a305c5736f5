import { describe, expect, it } from 'vitest';
import { eventTimeColumn, recordEncoder } from '../../src/connectors/kafka/recordEncoding.js';
import { Decimal } from '../../src/core/Decimal.js';
import type { Schema } from '../../src/core/Schema.js';
import { BIGINT, BOOLEAN, DATE, DOUBLE, STRING, TIMESTAMP, decimal } from '../../src/core/SqlType.js';

const col = (name: string, type: Schema[number]['type']) => ({ name, type, nullable: true });
const schema: Schema = [
  col('id', STRING),
  col('n', BIGINT),
  col('amount', decimal(10, 2)),
  col('ratio', DOUBLE),
  col('ok', BOOLEAN),
  col('day', DATE),
  col('ts', TIMESTAMP),
];
const t = Date.UTC(2024, 0, 1, 12, 30);
const row = ['a"b', 3, Decimal.parse('12.50')!, Number.NaN, true, '2024-01-01', t];

describe('Kafka records from rows', () => {
  it('the value is a JSON object of every column: exact decimals, ISO timestamps, NaN as Spark writes it', () => {
    const r = recordEncoder(schema, [], undefined)(row);
    expect(r.value).toBe('{"id":"a\\"b","n":3,"amount":12.50,"ratio":"NaN","ok":true,"day":"2024-01-01","ts":"2024-01-01T12:30:00.000Z"}');
    expect(r.key).toBeNull();
    expect(r.timestamp).toBeUndefined();
    expect(recordEncoder(schema, [], undefined)([null, null, null, null, null, null, null]).value).toBe(
      '{"id":null,"n":null,"amount":null,"ratio":null,"ok":null,"day":null,"ts":null}',
    );
  });

  it('one key column is its text, several a JSON object; a NULL key is no key', () => {
    expect(recordEncoder(schema, ['id'], undefined)(row).key).toBe('a"b');
    expect(recordEncoder(schema, ['n'], undefined)(row).key).toBe('3');
    expect(recordEncoder(schema, ['ts'], undefined)(row).key).toBe('2024-01-01T12:30:00.000Z');
    expect(recordEncoder(schema, ['id', 'amount'], undefined)(row).key).toBe('{"id":"a\\"b","amount":12.50}');
    expect(recordEncoder(schema, ['id'], undefined)([null, ...row.slice(1)]).key).toBeNull();
  });

  it('the record timestamp is the event time: the watermarked column when output, else window_start, else none', () => {
    expect(eventTimeColumn(schema, 'ts')).toBe('ts');
    expect(recordEncoder(schema, [], 'ts')(row).timestamp).toBe(String(t));
    const windowed: Schema = [col('window_start', TIMESTAMP), col('window_end', TIMESTAMP), col('n', BIGINT)];
    expect(eventTimeColumn(windowed, 'ts')).toBe('window_start');
    expect(eventTimeColumn([col('id', STRING)], 'ts')).toBeUndefined();
    // A column of the watermark's name that is not a timestamp is not event time.
    expect(eventTimeColumn([col('ts', STRING)], 'ts')).toBeUndefined();
  });
});
