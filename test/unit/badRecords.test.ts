import { describe, expect, it } from 'vitest';
import { DATE, DOUBLE, INT, STRING, TIMESTAMP } from '../../src/core/SqlType.js';
import type { Schema } from '../../src/core/Schema.js';
import { decodeJson } from '../../src/runtime/decode/decodeJson.js';
import { MAX_NESTING, MAX_RECORD_BYTES } from '../../src/runtime/decode/recordChecks.js';
import type { SourceRecord } from '../../src/runtime/ports/Source.js';

const SCHEMA: Schema = [
  { name: 'id', type: STRING, nullable: false },
  { name: 'amount', type: DOUBLE, nullable: true },
  { name: 'qty', type: INT, nullable: true },
  { name: 'ts', type: TIMESTAMP, nullable: true },
  { name: 'day', type: DATE, nullable: true },
  { name: 'note', type: STRING, nullable: true },
];

const record = (value: Buffer | null): SourceRecord => ({ topic: 't', partition: 0, offset: '0', timestamp: 0, key: null, value });
const text = (s: string) => record(Buffer.from(s, 'utf8'));
const nested = (depth: number) => '['.repeat(depth) + '1' + ']'.repeat(depth);

/**
 * The fate of every kind of bad record, written down: a row (with what it
 * holds) or a dead letter with its reason. None of them may fail a batch, which
 * would fail on every retry and stop the query for good.
 */
const CORPUS: readonly { kind: string; value: SourceRecord; row?: unknown[]; reason?: RegExp }[] = [
  { kind: 'not JSON', value: text('{oops'), reason: /^not valid JSON/ },
  { kind: 'a JSON array', value: text('[1,2]'), reason: /^JSON value is not an object$/ },
  { kind: 'a JSON string', value: text('"hello"'), reason: /^JSON value is not an object$/ },
  { kind: 'a JSON number', value: text('42'), reason: /^JSON value is not an object$/ },
  { kind: 'a tombstone', value: record(null), reason: /^empty value \(tombstone\)$/ },
  { kind: 'an empty value', value: record(Buffer.alloc(0)), reason: /^not valid JSON/ },
  { kind: 'a byte-order mark before the JSON', value: text('\uFEFF{"id":"bom"}'), row: ['bom', null, null, null, null, null] },
  {
    kind: 'invalid UTF-8 inside a string',
    value: record(Buffer.concat([Buffer.from('{"id":"a'), Buffer.from([0xc3, 0x28]), Buffer.from('"}')])),
    reason: /^not valid UTF-8$/,
  },
  {
    kind: 'invalid UTF-8 outside strings',
    value: record(Buffer.concat([Buffer.from('{"id":"a"}'), Buffer.from([0xff])])),
    reason: /^not valid UTF-8$/,
  },
  { kind: 'a NUL character in a string', value: text('{"id":"a\\u0000b"}'), reason: /^field 'id' holds a NUL character/ },
  {
    kind: 'a NUL character inside an object read as text',
    value: text('{"id":"a","note":{"k":"\\u0000"}}'),
    reason: /^field 'note' holds a NUL character/,
  },
  { kind: 'a __proto__ field', value: text('{"id":"p","__proto__":{"amount":1}}'), row: ['p', null, null, null, null, null] },
  { kind: 'a constructor field', value: text('{"id":"c","constructor":"x"}'), row: ['c', null, null, null, null, null] },
  {
    kind: `nesting beyond ${MAX_NESTING} levels in a column read`,
    value: text(`{"id":"n","note":${nested(5000)}}`),
    reason: /^field 'note' is nested deeper than 64 levels$/,
  },
  { kind: 'deep nesting in a field not read', value: text(`{"id":"n","other":${nested(5000)}}`), row: ['n', null, null, null, null, null] },
  {
    kind: 'nesting within the limit, read as text',
    value: text(`{"id":"n","note":${nested(3)}}`),
    row: ['n', null, null, null, null, '[[[1]]]'],
  },
  {
    kind: 'a record over the size limit',
    value: text(`{"id":"big","note":"${'x'.repeat(MAX_RECORD_BYTES)}"}`),
    reason: /^record of \d+ bytes is over the 1048576-byte limit$/,
  },
  { kind: 'an INT out of range', value: text('{"id":"a","qty":3000000000}'), reason: /^field 'qty': expected INT, found 3000000000$/ },
  {
    kind: 'a number beyond a double (1e400)',
    value: text('{"id":"a","amount":1e400}'),
    reason: /^field 'amount': expected DOUBLE, found a number beyond the range of a double$/,
  },
  { kind: 'a numeric string for a number', value: text('{"id":"a","amount":"12.5","qty":"3"}'), row: ['a', 12.5, 3, null, null, null] },
  { kind: 'a timestamp as "12"', value: text('{"id":"a","ts":"12"}'), reason: /^field 'ts': expected TIMESTAMP, found "12"$/ },
  { kind: 'a timestamp as "Order 7"', value: text('{"id":"a","ts":"Order 7"}'), reason: /^field 'ts': expected TIMESTAMP/ },
  {
    kind: 'a zone-less non-ISO timestamp',
    value: text('{"id":"a","ts":"2024/05/01 10:00:00"}'),
    reason: /^field 'ts': expected TIMESTAMP/,
  },
  {
    kind: 'a zone-less ISO timestamp (UTC on every host)',
    value: text('{"id":"a","ts":"2024-05-01 10:00:00"}'),
    row: ['a', null, null, Date.UTC(2024, 4, 1, 10), null, null],
  },
  {
    kind: 'an epoch of 1e17 ms (beyond year 9999)',
    value: text('{"id":"a","ts":1e17}'),
    reason: /^field 'ts': expected TIMESTAMP, found 100000000000000000$/,
  },
  { kind: 'a date that does not exist', value: text('{"id":"a","day":"2024-02-30"}'), reason: /^field 'day': expected DATE/ },
  { kind: 'a date as "12"', value: text('{"id":"a","day":"12"}'), reason: /^field 'day': expected DATE/ },
  { kind: 'a missing NOT NULL field', value: text('{"amount":1}'), reason: /^field 'id' is NOT NULL but missing$/ },
];

describe('every kind of bad record has a written-down fate', () => {
  for (const c of CORPUS) {
    it(`${c.kind}: ${c.row ? 'a row' : 'a dead letter'}`, () => {
      const r = decodeJson([c.value], SCHEMA, { queryId: 'q', batchStartedAt: 0 });
      if (c.row) {
        expect(r.deadLetters).toEqual([]);
        expect(r.rows).toEqual([c.row]);
      } else {
        expect(r.rows).toEqual([]);
        expect(r.deadLetters).toHaveLength(1);
        expect(r.deadLetters[0]!.reason).toMatch(c.reason!);
      }
    });
  }

  it('a __proto__ field pollutes nothing', () => {
    decodeJson([text('{"id":"p","__proto__":{"polluted":true}}')], SCHEMA, { queryId: 'q', batchStartedAt: 0 });
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});
