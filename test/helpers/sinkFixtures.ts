import { Decimal } from '../../src/core/Decimal.js';
import { BIGINT, BOOLEAN, DATE, decimal, DOUBLE, INT, INTERVAL, STRING, TIMESTAMP, UNKNOWN } from '../../src/core/SqlType.js';
import type { SinkMode, SinkSpec } from '../../src/runtime/ports/Sink.js';
import type { Row, Schema } from '../../src/core/Schema.js';

/** A windowed aggregate as a query would produce it: keyed by region and window. */
export const windowSchema: Schema = [
  { name: 'region', type: STRING, nullable: false },
  { name: 'window_start', type: TIMESTAMP, nullable: false },
  { name: 'window_end', type: TIMESTAMP, nullable: false },
  { name: 'sum_amount', type: DOUBLE, nullable: true },
  { name: 'avg_price', type: decimal(12, 2), nullable: true },
];

export function windowSpec(mode: SinkMode, table = 'order_metrics'): SinkSpec {
  return { table, schema: windowSchema, mode, key: mode === 'update' ? ['region', 'window_start'] : [], queryId: 'q1' };
}

/** The same windowed aggregate grouped by a region the query can write NULL into: the NULL region is a group of its own. */
export function nullableKeySpec(mode: SinkMode, table = 'order_metrics'): SinkSpec {
  const schema = windowSchema.map((c) => (c.name === 'region' ? { ...c, nullable: true } : c));
  return { ...windowSpec(mode, table), schema, key: ['region', 'window_start'] };
}

export const windowRows: Row[] = [
  ['eu', Date.UTC(2024, 0, 1, 0, 0), Date.UTC(2024, 0, 1, 0, 5), 1500.5, Decimal.parse('12.25')],
  ['us', Date.UTC(2024, 0, 1, 0, 0), Date.UTC(2024, 0, 1, 0, 5), null, null],
];

/** Every other type, for the type mapping and value conversion. */
export const otherTypesSchema: Schema = [
  { name: 'id', type: BIGINT, nullable: false },
  { name: 'ok', type: BOOLEAN, nullable: true },
  { name: 'n', type: INT, nullable: true },
  { name: 'day', type: DATE, nullable: true },
  { name: 'took', type: INTERVAL, nullable: true },
  { name: 'raw', type: UNKNOWN, nullable: true },
];

export const otherTypesRows: Row[] = [
  [1, true, 7, '2024-02-29', 90_061_500, { a: 1 }],
  [2, false, null, null, null, 42],
];
