import { createHash } from 'node:crypto';
import type { Row } from '../../core/Schema.js';
import { storableReason } from '../../runtime/ports/deadLetterRow.js';
import type { DeadLetterRow, SinkSpec } from '../../runtime/ports/Sink.js';

/**
 * A row the database refused, as a dead letter. A row is what the query made of
 * its records, not one record, so the dead letter holds the row as JSON (column
 * names as the query writes them) under the table's name as its topic and
 * partition -1; its offset is a hash of the row, so a replayed batch stores it
 * once. The reason names the database, its code and its message.
 */
export function refusedRow(spec: SinkSpec, database: string, row: Row, error: Error, code: string | undefined): DeadLetterRow {
  const value = rowJson(spec, row);
  return {
    topic: spec.table,
    partition: -1,
    offset: rowId(value),
    timestamp: Date.now(),
    key: null,
    value,
    reason: storableReason(`${database} refused the row${code === undefined ? '' : ` (${code})`}: ${error.message}`),
  };
}

function rowJson(spec: SinkSpec, row: Row): string {
  const object = Object.fromEntries(spec.schema.map((c, i) => [c.name, row[i]]));
  return JSON.stringify(object, (_, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
}

/** A non-negative BIGINT from the row's text. */
function rowId(text: string): string {
  return (BigInt(`0x${createHash('sha256').update(text).digest('hex').slice(0, 16)}`) >> 1n).toString();
}
