import type { Row } from '../../core/Schema.js';
import type { SinkTable } from './sinkTable.js';

/**
 * UPDATE mode writes the state a batch ends in: for a key repeated within the
 * batch only its last row counts. Reducing first keeps each upsert statement free
 * of two rows for one key (PostgreSQL's ON CONFLICT refuses them outright).
 */
export function lastPerKey(t: SinkTable, rows: readonly Row[]): Row[] {
  const positions = t.key.map((k) => t.columns.findIndex((c) => c.name === k));
  const byKey = new Map<string, Row>();
  for (const row of rows) {
    const key = JSON.stringify(positions.map((p) => row[p]));
    byKey.delete(key); // the surviving rows keep batch order
    byKey.set(key, row);
  }
  return [...byKey.values()];
}
