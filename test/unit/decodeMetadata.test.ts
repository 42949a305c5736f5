import { describe, expect, it } from 'vitest';
import { KAFKA_METADATA_COLUMNS, PROCESSING_METADATA_COLUMNS } from '../../src/compiler/analyzer/metadataColumns.js';
import { STRING } from '../../src/core/SqlType.js';
import { compile } from '../../src/compile.js';
import type { SourceRecord } from '../../src/runtime/ports/Source.js';
import { decodeJson } from '../../src/runtime/decode/decodeJson.js';
import type { ProcessingInfo } from '../../src/runtime/decode/metadataReaders.js';
import type { Schema } from '../../src/core/Schema.js';

/**
 * Metadata columns: `_topic`, `_partition`, `_offset`, `_timestamp`, `_key` come
 * from the Kafka record, `processed_at`, `pipeline_name`, `processing_date` from
 * the batch; a JSON field of the same name never feeds them. A declared column
 * that happens to have such a name is an ordinary JSON field.
 */
const BATCH_STARTED = Date.UTC(2024, 4, 1, 23, 59, 58, 500);
const PROCESSING: ProcessingInfo = { queryId: 'orders_audit', batchStartedAt: BATCH_STARTED };
const PRODUCED = Date.UTC(2024, 4, 1, 12, 0, 0);

function record(value: object, over: Partial<SourceRecord> = {}): SourceRecord {
  return {
    topic: 'orders.eu',
    partition: 3,
    offset: '12345',
    timestamp: PRODUCED,
    key: Buffer.from('customer-7', 'utf8'),
    value: Buffer.from(JSON.stringify(value)),
    ...over,
  };
}

const ALL: Schema = [{ name: 'order_id', type: STRING, nullable: true }, ...KAFKA_METADATA_COLUMNS, ...PROCESSING_METADATA_COLUMNS];
const byName = (schema: Schema, row: unknown[]) => Object.fromEntries(schema.map((c, i) => [c.name, row[i]]));

describe('decodeJson: metadata columns', () => {
  it('fills the Kafka metadata from the record and the processing metadata from the batch', () => {
    const r = decodeJson([record({ order_id: 'o1' })], ALL, PROCESSING);
    expect(r.deadLetters).toEqual([]);
    expect(byName(ALL, r.rows[0]!)).toEqual({
      order_id: 'o1',
      _topic: 'orders.eu',
      _partition: 3,
      _offset: 12345,
      _timestamp: PRODUCED,
      _key: 'customer-7',
      // The record has no headers: NULL, as Spark's headers column.
      _headers: null,
      processed_at: BATCH_STARTED,
      pipeline_name: 'orders_audit',
      // The UTC date of the batch start.
      processing_date: '2024-05-01',
    });
  });

  it('a JSON field named like a metadata column is ignored for it', () => {
    const spoof = {
      order_id: 'o2',
      _topic: 'elsewhere',
      _partition: 99,
      _offset: 1,
      _timestamp: '1999-01-01T00:00:00Z',
      _key: 'json-key',
      processed_at: 'never',
      pipeline_name: 'other',
      processing_date: 'yesterday',
    };
    const r = decodeJson([record(spoof)], ALL, PROCESSING);
    expect(r.deadLetters).toEqual([]);
    expect(byName(ALL, r.rows[0]!)).toMatchObject({
      _topic: 'orders.eu',
      _partition: 3,
      _offset: 12345,
      _key: 'customer-7',
      // The record has no headers: NULL, as Spark's headers column.
      _headers: null,
      processed_at: BATCH_STARTED,
      pipeline_name: 'orders_audit',
      processing_date: '2024-05-01',
    });
  });

  it('a record without a key has a NULL _key; each record keeps its own topic, partition and offset', () => {
    const r = decodeJson(
      [
        record({ order_id: 'a' }, { key: null }),
        record({ order_id: 'b' }, { topic: 'orders.us', partition: 0, offset: '7', timestamp: PRODUCED + 1 }),
      ],
      ALL,
      PROCESSING,
    );
    expect(r.rows.map((row) => byName(ALL, row))).toMatchObject([
      { order_id: 'a', _topic: 'orders.eu', _partition: 3, _offset: 12345, _key: null },
      { order_id: 'b', _topic: 'orders.us', _partition: 0, _offset: 7, _timestamp: PRODUCED + 1 },
    ]);
    // Processing metadata is the batch's: the same for every row of it.
    expect(new Set(r.rows.map((row) => row[ALL.findIndex((c) => c.name === 'processed_at')]))).toEqual(new Set([BATCH_STARTED]));
  });

  it('a record whose JSON cannot be read is still a dead letter, metadata or not', () => {
    const r = decodeJson([record({ order_id: 'ok' }), { ...record({}), value: Buffer.from('{oops') }], ALL, PROCESSING);
    expect(r.rows).toHaveLength(1);
    expect(r.deadLetters.map((d) => d.reason)).toEqual([expect.stringMatching(/^not valid JSON/)]);
  });
});

describe('metadata columns as the compiler lays them out for decodeJson', () => {
  const sourceSchema = (text: string): Schema => {
    const r = compile(text);
    expect(r.diagnostics).toEqual([]);
    let p = r.queries[0]!.physical as { kind: string; schema: Schema; input?: unknown };
    while (p.input) p = p.input as typeof p;
    return p.schema;
  };

  it('an undeclared stream decodes the metadata columns the query names, flagged as metadata', () => {
    const schema = sourceSchema('SELECT order_id, _offset, _key, processed_at FROM KAFKA orders INTO CONSOLE;');
    expect(schema.map((c) => [c.name, c.metadata === true])).toEqual([
      ['order_id', false],
      ['_offset', true],
      ['_key', true],
      ['processed_at', true],
    ]);
    const r = decodeJson([record({ order_id: 'o1', _offset: 5, _key: 'k' })], schema, PROCESSING);
    expect(byName(schema, r.rows[0]!)).toEqual({ order_id: 'o1', _offset: 12345, _key: 'customer-7', processed_at: BATCH_STARTED });
  });

  it('a declared column named like a metadata column is read from JSON (no metadata flag); the others stay metadata', () => {
    const schema = sourceSchema(`
      CREATE STREAM orders (order_id STRING, _key STRING, _partition STRING);
      SELECT order_id, _key, _partition, _topic FROM KAFKA orders INTO CONSOLE;`);
    expect(schema.map((c) => [c.name, c.metadata === true])).toEqual([
      ['order_id', false],
      ['_key', false],
      ['_partition', false],
      ['_topic', true],
    ]);
    const r = decodeJson([record({ order_id: 'o1', _key: 'from-json', _partition: 'p-json', _topic: 'json-topic' })], schema, PROCESSING);
    expect(r.deadLetters).toEqual([]);
    expect(byName(schema, r.rows[0]!)).toEqual({ order_id: 'o1', _key: 'from-json', _partition: 'p-json', _topic: 'orders.eu' });
  });

  it('metadata columns the query does not name are not decoded', () => {
    expect(sourceSchema('SELECT order_id FROM KAFKA orders WHERE amount > 0 INTO CONSOLE;').map((c) => c.name)).toEqual([
      'amount',
      'order_id',
    ]);
  });
});
