import type { Column, Row, Schema } from '../../core/Schema.js';
import type { SqlType } from '../../core/SqlType.js';
import type { Decimal } from '../../core/Decimal.js';

/** One output row as the Kafka record k2o produces: key and value bytes, and the record timestamp. */
export interface EncodedRecord {
  readonly key: string | null;
  readonly value: string;
  /** Epoch ms as kafkajs takes it; absent lets the producer stamp it. */
  readonly timestamp?: string;
}

export type RecordEncoder = (row: Row) => EncodedRecord;

/**
 * The column whose value becomes the record timestamp: the event time the row
 * carries. The watermarked column when the query outputs it, else the start of
 * the row's window; without either the producer's clock stamps the record
 * (Spark's Kafka sink, which has no event time to give, always does).
 */
export function eventTimeColumn(schema: Schema, watermarkColumn: string | undefined): string | undefined {
  const isTime = (c: Column | undefined) => c !== undefined && c.type.kind === 'TIMESTAMP';
  const named = (name: string) => schema.find((c) => c.name === name);
  if (watermarkColumn !== undefined && isTime(named(watermarkColumn))) return watermarkColumn;
  if (isTime(named('window_start'))) return 'window_start';
  return undefined;
}

/**
 * Rows as Kafka records: the value is a JSON object of every output column
 * (Spark's `to_json(struct(*))`); the key is the KEY column's text when there is
 * one key column (a timestamp in ISO-8601 UTC, a number or boolean as JSON, NULL
 * as no key), a JSON object of the key columns when there are several, and no
 * key without KEY. Built once per
 * query: each column's writer is chosen from its type up front.
 */
export function recordEncoder(schema: Schema, key: readonly string[], timeColumn: string | undefined): RecordEncoder {
  const writers = schema.map((c) => ({ name: JSON.stringify(c.name), write: jsonWriter(c.type) }));
  const value = (row: Row): string => {
    let text = '{';
    for (let i = 0; i < writers.length; i++) {
      const w = writers[i]!;
      text += `${i === 0 ? '' : ','}${w.name}:${w.write(row[i])}`;
    }
    return `${text}}`;
  };
  const keyAt = key.map((k) => {
    const i = schema.findIndex((c) => c.name === k);
    if (i < 0) throw new Error(`internal: KEY column ${k} is not in the query's output`);
    return i;
  });
  const keyOf = keyText(keyAt, schema, writers);
  const timeAt = timeColumn === undefined ? -1 : schema.findIndex((c) => c.name === timeColumn);
  return (row) => {
    const record: EncodedRecord = { key: keyOf(row), value: value(row) };
    const t = timeAt < 0 ? null : row[timeAt];
    return typeof t === 'number' ? { ...record, timestamp: String(t) } : record;
  };
}

function keyText(
  keyAt: readonly number[],
  schema: Schema,
  writers: readonly { name: string; write: (v: unknown) => string }[],
): (row: Row) => string | null {
  if (keyAt.length === 0) return () => null;
  if (keyAt.length === 1) {
    const i = keyAt[0]!;
    const write = writers[i]!.write;
    const kind = schema[i]!.type.kind;
    return (row) => {
      const v = row[i];
      if (v === null || v === undefined) return null;
      if (kind === 'TIMESTAMP') return new Date(v as number).toISOString();
      return kind === 'STRING' || kind === 'DATE' ? String(v) : write(v);
    };
  }
  return (row) => `{${keyAt.map((i) => `${writers[i]!.name}:${writers[i]!.write(row[i])}`).join(',')}}`;
}

/** JSON text of one value, by the column's type: exact decimals as JSON numbers, timestamps as ISO-8601 UTC text. */
function jsonWriter(type: SqlType): (v: unknown) => string {
  const orNull = (f: (v: unknown) => string) => (v: unknown) => (v === null || v === undefined ? 'null' : f(v));
  switch (type.kind) {
    case 'DECIMAL':
      return orNull((v) => (v as Decimal).toString());
    case 'TIMESTAMP':
      return orNull((v) => `"${new Date(v as number).toISOString()}"`);
    case 'DOUBLE':
    case 'INT':
    case 'BIGINT':
      // Spark's to_json writes NaN and the infinities as strings, which JSON numbers cannot hold.
      return orNull((v) => (Number.isFinite(v as number) ? String(v) : JSON.stringify(String(v))));
    default:
      return orNull((v) => JSON.stringify(v));
  }
}
