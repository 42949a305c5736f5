/**
 * A row as it moves between physical operators: values by position, in the order of
 * the producing operator's schema. Positions, not names, so that compiled
 * expressions index an array instead of hashing a key per row.
 *
 * Value representation: STRING → string, BOOLEAN → boolean, INT/BIGINT/DOUBLE →
 * number, DECIMAL(p, s) → Decimal (exact, always of scale s), TIMESTAMP → epoch
 * milliseconds (number), DATE → 'YYYY-MM-DD' string, NULL → null.
 */
export type Row = unknown[];

export interface Column {
  readonly name: string;
  readonly type: import('./SqlType.js').SqlType;
  readonly nullable: boolean;
  /** Filled from the Kafka record or the batch (`_offset`, `processed_at`, …), not decoded from JSON. */
  readonly metadata?: boolean;
}

export type Schema = readonly Column[];
