/**
 * An UNKNOWN column (read from JSON, type never fixed by use) lands in a text
 * column: strings as they are, objects as JSON, anything else as its JS string.
 */
export function unknownToText(v: unknown): unknown {
  if (v === null || v === undefined || typeof v === 'string') return v;
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}
