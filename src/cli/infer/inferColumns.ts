/** A type `k2o infer` can tell from JSON values. */
export type InferredType = 'BIGINT' | 'DOUBLE' | 'BOOLEAN' | 'TIMESTAMP' | 'DATE' | 'STRING';

/** A field of the sampled records, as a column to declare. */
export interface InferredColumn {
  /** The JSON field's name, exactly. */
  readonly field: string;
  readonly type: InferredType;
  /** Every sampled record had the field, and never null. */
  readonly notNull: boolean;
  /** Why the type is only STRING, when the values were not plain strings: a comment for the reader. */
  readonly note?: string;
}

/** What one JSON value looks like, finer than its JSON type. */
type Shape = 'integer' | 'fraction' | 'boolean' | 'timestamp' | 'date' | 'string' | 'object' | 'array';

// ISO-8601 as the TIMESTAMP decoder reads it: a date, 'T' or a space, a time, an optional offset.
const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}(:?\d{2})?)?$/i;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export function shapeOf(value: unknown): Shape {
  if (typeof value === 'boolean') return 'boolean';
  // JSON.parse keeps an integer exact only within ±2^53: beyond, BIGINT would lose digits.
  if (typeof value === 'number') return Number.isSafeInteger(value) ? 'integer' : 'fraction';
  if (typeof value === 'string') {
    if (ISO_TIMESTAMP.test(value) && !Number.isNaN(Date.parse(value.replace(' ', 'T')))) return 'timestamp';
    if (ISO_DATE.test(value) && !Number.isNaN(Date.parse(value))) return 'date';
    return 'string';
  }
  return Array.isArray(value) ? 'array' : 'object';
}

/** The one type that reads every shape seen, and a note when that is STRING for want of better. */
export function typeOfShapes(shapes: ReadonlySet<Shape>): { type: InferredType; note?: string } {
  const only = (...allowed: Shape[]) => shapes.size > 0 && [...shapes].every((s) => allowed.includes(s));
  if (shapes.size === 0) return { type: 'STRING', note: 'always null in the sample' };
  if (only('integer')) return { type: 'BIGINT' };
  if (only('integer', 'fraction')) return { type: 'DOUBLE' };
  if (only('boolean')) return { type: 'BOOLEAN' };
  if (only('timestamp')) return { type: 'TIMESTAMP' };
  if (only('date')) return { type: 'DATE' };
  if (only('string', 'timestamp', 'date')) return { type: 'STRING' };
  if (shapes.has('object') || shapes.has('array')) {
    const nested = [shapes.has('object') ? 'object' : '', shapes.has('array') ? 'array' : ''].filter(Boolean).join(' and ');
    return { type: 'STRING', note: `nested ${nested} in the sample: read as its JSON text` };
  }
  return { type: 'STRING', note: `mixed values in the sample (${[...shapes].sort().join(', ')})` };
}

/**
 * The columns a sample of JSON objects shows, in the order fields first appear:
 * the narrowest type that reads every value seen, NOT NULL where no record
 * lacked the field or held null.
 */
export function inferColumns(records: readonly Readonly<Record<string, unknown>>[]): InferredColumn[] {
  const fields = new Map<string, { shapes: Set<Shape>; present: number }>();
  for (const record of records) {
    for (const [field, value] of Object.entries(record)) {
      let seen = fields.get(field);
      if (!seen) fields.set(field, (seen = { shapes: new Set(), present: 0 }));
      if (value === null) continue;
      seen.present++;
      seen.shapes.add(shapeOf(value));
    }
  }
  return [...fields].map(([field, seen]) => ({ field, notNull: seen.present === records.length, ...typeOfShapes(seen.shapes) }));
}
