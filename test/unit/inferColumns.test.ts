import { describe, expect, it } from 'vitest';
import { compile } from '../../src/compile.js';
import { createStreamText, sqlName, streamNameFor } from '../../src/cli/infer/createStreamText.js';
import { eventTimeColumn } from '../../src/cli/infer/eventTimeColumn.js';
import { inferColumns, type InferredColumn } from '../../src/cli/infer/inferColumns.js';

const typeOf = (...values: unknown[]) => inferColumns(values.map((v) => ({ x: v })))[0]!;

describe('inferring a column from sampled JSON values', () => {
  it('numbers: BIGINT when every one is a whole number JavaScript holds exactly, else DOUBLE', () => {
    expect(typeOf(1, -7, 0, 9007199254740991).type).toBe('BIGINT');
    expect(typeOf(1, 2.5).type).toBe('DOUBLE');
    expect(typeOf(1e300).type).toBe('DOUBLE');
    // Beyond 2^53 JSON.parse has already lost digits: BIGINT would pretend otherwise.
    expect(typeOf(2 ** 60).type).toBe('DOUBLE');
  });

  it('booleans, ISO-8601 timestamps and dates, other strings', () => {
    expect(typeOf(true, false).type).toBe('BOOLEAN');
    expect(typeOf('2024-05-01T10:00:00Z', '2024-05-01T10:00:00.123+02:00', '2024-05-01 10:00:00').type).toBe('TIMESTAMP');
    expect(typeOf('2024-05-01', '2024-12-31').type).toBe('DATE');
    expect(typeOf('2024-05-01T10:00:00Z', 'soon').type).toBe('STRING');
    expect(typeOf('2024-13-45T99:00:00Z').type).toBe('STRING');
    expect(typeOf('abc').type).toBe('STRING');
    expect(typeOf('abc').note).toBeUndefined();
  });

  it('nested objects and arrays, mixed values and only nulls are STRING with a note saying why', () => {
    expect(typeOf({ a: 1 })).toMatchObject({ type: 'STRING', note: 'nested object in the sample: read as its JSON text' });
    expect(typeOf([1], { a: 1 })).toMatchObject({ type: 'STRING', note: 'nested object and array in the sample: read as its JSON text' });
    expect(typeOf(1, 'a')).toMatchObject({ type: 'STRING', note: 'mixed values in the sample (integer, string)' });
    expect(typeOf(null, null)).toMatchObject({ type: 'STRING', note: 'always null in the sample', notNull: false });
  });

  it('NOT NULL only where no record lacked the field or held null; columns in order of first appearance', () => {
    const columns = inferColumns([
      { id: 1, a: 'x' },
      { id: 2, a: null, b: true },
      { id: 3, a: 'y', b: false },
    ]);
    expect(columns.map((c) => [c.field, c.type, c.notNull])).toEqual([
      ['id', 'BIGINT', true],
      ['a', 'STRING', false],
      ['b', 'BOOLEAN', false],
    ]);
  });
});

const col = (field: string, notNull = true, type: InferredColumn['type'] = 'TIMESTAMP'): InferredColumn => ({ field, type, notNull });

describe('choosing the event-time column', () => {
  it('prefers ts/timestamp/event_time, then *_at/*_time, NOT NULL before nullable', () => {
    expect(eventTimeColumn([col('created_at'), col('ts')])?.field).toBe('ts');
    expect(eventTimeColumn([col('updated'), col('paid_at')])?.field).toBe('paid_at');
    expect(eventTimeColumn([col('shippedAt'), col('id', true, 'BIGINT')])?.field).toBe('shippedAt');
    expect(eventTimeColumn([col('sent_at', false), col('received_at')])?.field).toBe('received_at');
    expect(eventTimeColumn([col('a_at'), col('b_at')])?.field).toBe('a_at');
  });

  it('takes a TIMESTAMP without a telling name only when it is the only one; never a non-TIMESTAMP', () => {
    expect(eventTimeColumn([col('when')])?.field).toBe('when');
    expect(eventTimeColumn([col('first'), col('second')])).toBeUndefined();
    expect(eventTimeColumn([col('ts', true, 'BIGINT')])).toBeUndefined();
  });
});

describe('the CREATE STREAM text', () => {
  it('quotes names the language would fold or read as keywords', () => {
    expect(sqlName('order_id')).toBe('order_id');
    expect(sqlName('CustomerName')).toBe('"CustomerName"');
    expect(sqlName('from')).toBe('"from"');
    expect(sqlName('a"b')).toBe('"a""b"');
    expect(streamNameFor('payments.v1')).toBe('payments_v1');
    expect(streamNameFor('2024-events')).toBe('_2024_events');
  });

  it('compiles, and declares what was inferred', () => {
    const records = [
      { order_id: 1, amount: 10, paid: true, created_at: '2024-05-01T10:00:00Z', From: 'web', customer: { id: 7 }, note: 'x' },
      { order_id: 2, amount: 10.5, paid: false, created_at: '2024-05-01T10:00:01Z', From: 'app', customer: { id: 8 } },
    ];
    const text = createStreamText({ topic: 'orders.v2', columns: inferColumns(records), sampled: 2, skipped: 1 });
    expect(text).toBe(
      [
        '-- inferred by k2o infer from 2 records of topic orders.v2',
        '-- 1 record was not a JSON object and left out',
        'CREATE STREAM orders_v2 (',
        '  order_id BIGINT NOT NULL,',
        '  amount DOUBLE NOT NULL,',
        '  paid BOOLEAN NOT NULL,',
        '  created_at TIMESTAMP NOT NULL,',
        '  "From" STRING NOT NULL,',
        '  customer STRING NOT NULL, -- nested object in the sample: read as its JSON text',
        '  note STRING,',
        "  WATERMARK FOR created_at AS created_at - INTERVAL '30' SECOND -- event time guessed from the name; set the delay to the lateness you expect",
        ") WITH (topic = 'orders.v2', format = 'json');",
      ].join('\n'),
    );
    const result = compile(text);
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const stream = result.streams[0]!;
    expect(stream.topic).toBe('orders.v2');
    expect(stream.watermark).toEqual({ column: 'created_at', delayMs: 30_000 });
    expect(stream.columns?.map((c) => `${c.name} ${c.type.kind}${c.nullable ? '' : ' NOT NULL'}`)).toEqual([
      'order_id BIGINT NOT NULL',
      'amount DOUBLE NOT NULL',
      'paid BOOLEAN NOT NULL',
      'created_at TIMESTAMP NOT NULL',
      'From STRING NOT NULL',
      'customer STRING NOT NULL',
      'note STRING',
    ]);
  });

  it('without an event-time column says so, and still compiles', () => {
    const text = createStreamText({ topic: 'codes', columns: inferColumns([{ code: 'a' }]), sampled: 1, skipped: 0 });
    expect(text).toContain('-- no TIMESTAMP column with an event-time name: add a WATERMARK before windowing');
    expect(text).toContain('CREATE STREAM codes (\n  code STRING NOT NULL\n)');
    expect(compile(text).diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });
});
