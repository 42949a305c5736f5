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

const byName = new WeakMap<readonly Column[], ReadonlyMap<string, Column>>();

/**
 * The column called `name`, found through an index built once per schema: a
 * lookup per column reference stays constant-time, so compiling a select of
 * thousands of columns is linear, not quadratic.
 */
export function columnNamed(schema: readonly Column[], name: string): Column | undefined {
  let index = byName.get(schema);
  if (index === undefined) {
    const map = new Map<string, Column>();
    // The first column of a name wins, as Array.prototype.find would.
    for (const c of schema) if (!map.has(c.name)) map.set(c.name, c);
    byName.set(schema, map);
    index = map;
  }
  return index.get(name);
}
