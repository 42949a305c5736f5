import { describe, expect, it } from 'vitest';
import { Decimal } from '../../src/core/Decimal.js';
import { BIGINT, BOOLEAN, DATE, decimal, DOUBLE, INT, STRING, TIMESTAMP } from '../../src/core/SqlType.js';
import { partitionKey } from '../../src/runtime/ports/partitionKey.js';
import type { SourceRecord } from '../../src/runtime/ports/Source.js';
import { decodeJson as decodeWith } from '../../src/runtime/decode/decodeJson.js';
import type { ProcessingInfo } from '../../src/runtime/decode/metadataReaders.js';
import type { Schema } from '../../src/core/Schema.js';

/** These tests read JSON fields only; the processing info feeds metadata columns. */
const PROCESSING: ProcessingInfo = { queryId: 'q', batchStartedAt: 0 };
const decodeJson = (records: readonly SourceRecord[], schema: Schema) => decodeWith(records, schema, PROCESSING);

let offset = 0;
function record(value: string | null, partition = 0, topic = 'orders'): SourceRecord {
  return { topic, partition, offset: String(offset++), timestamp: 0, key: null, value: value === null ? null : Buffer.from(value, 'utf8') };
}
const json = (v: unknown, partition = 0) => record(JSON.stringify(v), partition);

const SCHEMA: Schema = [
  { name: 'id', type: STRING, nullable: false },
  { name: 'amount', type: DOUBLE, nullable: true },
  { name: 'qty', type: INT, nullable: true },
  { name: 'ts', type: TIMESTAMP, nullable: true },
];

describe('decodeJson', () => {
  it('reads each column by name, in schema order; extra fields are ignored, missing nullable ones are NULL', () => {
    const ts = '2024-05-01T10:00:00Z';
    const r = decodeJson([json({ qty: 3, extra: true, ts, amount: 12.5, id: 'a1' }), json({ id: 'a2' })], SCHEMA);
    expect(r.deadLetters).toEqual([]);
    expect(r.rows).toEqual([
      ['a1', 12.5, 3, Date.parse(ts)],
      ['a2', null, null, null],
    ]);
  });

  it('timestamps as ISO-8601 strings or epoch milliseconds read the same', () => {
    const ms = Date.UTC(2024, 4, 1, 10, 0, 0, 123);
    const r = decodeJson(
      [
        json({ id: 'iso', ts: '2024-05-01T10:00:00.123Z' }),
        json({ id: 'offset', ts: '2024-05-01T12:00:00.123+02:00' }),
        json({ id: 'epoch', ts: ms }),
      ],
      SCHEMA,
    );
    expect(r.deadLetters).toEqual([]);
    expect(r.rows.map((row) => row[3])).toEqual([ms, ms, ms]);
  });

  it('a value that is not JSON is a dead letter, and the batch goes on', () => {
    const bad = record('{"id": "x", amount: }');
    const r = decodeJson([json({ id: 'before' }), bad, json({ id: 'after' })], SCHEMA);
    expect(r.rows.map((row) => row[0])).toEqual(['before', 'after']);
    expect(r.deadLetters).toHaveLength(1);
    expect(r.deadLetters[0]!.record).toBe(bad);
    expect(r.deadLetters[0]!.reason).toMatch(/^not valid JSON/);
  });

  it('JSON that is not an object is a dead letter; so is a tombstone', () => {
    const values = ['[1, 2]', '42', '"text"', 'null', 'true'];
    const r = decodeJson([...values.map((v) => record(v)), record(null)], SCHEMA);
    expect(r.rows).toEqual([]);
    expect(r.deadLetters.map((d) => d.reason)).toEqual([...values.map(() => 'JSON value is not an object'), 'empty value (tombstone)']);
  });

  it('a field of the wrong type is a dead letter whose reason names the field', () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ id: 'a', amount: 'lots' }, 'amount'],
      [{ id: 'a', amount: [1] }, 'amount'],
      [{ id: 'a', qty: true }, 'qty'],
      [{ id: 'a', ts: 'yesterday' }, 'ts'],
      [{ id: 'a', ts: { at: 1 } }, 'ts'],
    ];
    const r = decodeJson(
      cases.map(([v]) => json(v)),
      SCHEMA,
    );
    expect(r.rows).toEqual([]);
    expect(r.deadLetters).toHaveLength(cases.length);
    r.deadLetters.forEach((d, i) => {
      const [value, field] = cases[i]!;
      expect(d.reason).toContain(`'${field}'`);
      expect(d.reason).toContain(JSON.stringify(value[field]));
    });
    expect(r.deadLetters[0]!.reason).toBe(`field 'amount': expected DOUBLE, found "lots"`);
  });

  it('a NOT NULL column that is missing or null is a dead letter', () => {
    const r = decodeJson([json({ amount: 1 }), json({ id: null, amount: 1 })], SCHEMA);
    expect(r.rows).toEqual([]);
    expect(r.deadLetters.map((d) => d.reason)).toEqual(["field 'id' is NOT NULL but missing", "field 'id' is NOT NULL but null"]);
  });

  it('numbers and booleans given as strings are read as their column type', () => {
    const schema: Schema = [
      { name: 'd', type: DOUBLE, nullable: true },
      { name: 'b', type: BIGINT, nullable: true },
      { name: 'm', type: decimal(10, 2), nullable: true },
      { name: 'f', type: BOOLEAN, nullable: true },
      { name: 'day', type: DATE, nullable: true },
    ];
    const r = decodeJson([json({ d: '2.5', b: '9007199254740991', m: '10.25', f: 'true', day: '2024-02-29' })], schema);
    expect(r.deadLetters).toEqual([]);
    expect(r.rows).toEqual([[2.5, 9007199254740991, Decimal.parse('10.25'), true, '2024-02-29']]);
  });

  it('a STRING column holds what JSON gave, objects as JSON text', () => {
    const schema: Schema = [{ name: 's', type: STRING, nullable: true }];
    const r = decodeJson([json({ s: 'x' }), json({ s: 12 }), json({ s: { a: [1] } }), json({ s: false })], schema);
    expect(r.rows).toEqual([['x'], ['12'], ['{"a":[1]}'], ['false']]);
  });

  it('a missing field is NULL even when its name is a property every object inherits', () => {
    const schema: Schema = [
      { name: 'constructor', type: STRING, nullable: true },
      { name: 'toString', type: STRING, nullable: true },
      { name: 'hasOwnProperty', type: STRING, nullable: true },
    ];
    const r = decodeJson([json({}), json({ constructor: 'c', toString: 't', hasOwnProperty: 'h' })], schema);
    expect(r.deadLetters).toEqual([]);
    expect(r.rows).toEqual([
      [null, null, null],
      ['c', 't', 'h'],
    ]);
  });

  it('reports the partition (its partitionKey) of each decoded row, aligned with the rows', () => {
    const r = decodeJson([json({ id: 'a' }, 0), record('nope', 1), json({ id: 'b' }, 2), json({ id: 'c' }, 0)], SCHEMA);
    expect(r.rows.map((row) => row[0])).toEqual(['a', 'b', 'c']);
    expect(r.partitions).toEqual([partitionKey('orders', 0), partitionKey('orders', 2), partitionKey('orders', 0)]);
  });

  it('UTF-8 text decodes intact', () => {
    const r = decodeJson([json({ id: 'Zoë – 東京 🚀' })], SCHEMA);
    expect(r.rows[0]![0]).toBe('Zoë – 東京 🚀');
  });
});
