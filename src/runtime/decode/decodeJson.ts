import { partitionKey } from '../ports/partitionKey.js';
import type { SourceRecord } from '../ports/Source.js';
import { formatType } from '../../core/SqlType.js';
import { castValue } from '../../expr/castValue.js';
import { describeFound, refuseBytes, textOf, unstorableValue } from './recordChecks.js';
import { numberTexts } from './numberTexts.js';
import type { Row, Schema } from '../../core/Schema.js';
import { metadataReader, type ProcessingInfo } from './metadataReaders.js';

/** A record that could not become a row, and why: it goes to the dead-letter destination. */
export interface DeadLetter {
  readonly record: SourceRecord;
  readonly reason: string;
}

export interface Decoded {
  readonly rows: Row[];
  /** For each row, the `partitionKey` of the partition it came from (event time is tracked per partition). */
  readonly partitions: string[];
  /** For each row, the index of its record in the batch. */
  readonly sources: number[];
  readonly deadLetters: DeadLetter[];
}

/**
 * JSON record values → rows of `schema`, reading each column by name. A record
 * that is not a JSON object, or whose field cannot be read as its column's type,
 * becomes a dead letter with the reason; the batch goes on.
 */
export function decodeJson(records: readonly SourceRecord[], schema: Schema, processing: ProcessingInfo): Decoded {
  const readers = schema.map((col) => (col.metadata ? metadataReader(col.name, processing) : undefined));
  const decimalFields = new Set(schema.filter((c) => !c.metadata && c.type.kind === 'DECIMAL').map((c) => c.name));
  const kinds = schema.map((c) => c.type.kind);
  const rows: Row[] = [];
  const partitions: string[] = [];
  const sources: number[] = [];
  const deadLetters: DeadLetter[] = [];
  const width = schema.length;
  let lastTopic = '';
  let lastPartition = -1;
  let partitionId = '';
  for (let index = 0; index < records.length; index++) {
    const record = records[index]!;
    const refused = refuseBytes(record.value);
    if (refused) {
      deadLetters.push({ record, reason: refused });
      continue;
    }
    let obj: unknown;
    const text = textOf(record.value);
    try {
      obj = record.value === null ? null : JSON.parse(text);
    } catch (e) {
      deadLetters.push({ record, reason: `not valid JSON: ${(e as Error).message}` });
      continue;
    }
    if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) {
      deadLetters.push({ record, reason: record.value === null ? 'empty value (tombstone)' : 'JSON value is not an object' });
      continue;
    }
    const fields = obj as Record<string, unknown>;
    const row: Row = new Array(width);
    let reason: string | undefined;
    // A DECIMAL field's digits from the text, not from the double JSON.parse made of them.
    let exactNumbers: Map<string, string> | undefined;
    for (let i = 0; i < width; i++) {
      const col = schema[i]!;
      const meta = readers[i];
      if (meta) {
        row[i] = meta(record);
        continue;
      }
      // Own fields only: a missing `constructor` or `toString` must not read Object.prototype's.
      const raw = Object.hasOwn(fields, col.name) ? fields[col.name] : undefined;
      // The usual field of a text or double column is the value as it is: what the checks below would conclude.
      const kind = kinds[i];
      if (
        (kind === 'STRING' && typeof raw === 'string' && !raw.includes('\u0000')) ||
        (kind === 'DOUBLE' && typeof raw === 'number' && Number.isFinite(raw))
      ) {
        row[i] = raw;
        continue;
      }
      const exact =
        typeof raw === 'number' && decimalFields.has(col.name)
          ? (exactNumbers ??= numberTexts(text, decimalFields)).get(col.name)
          : undefined;
      const unstorable = unstorableValue(raw);
      if (unstorable) {
        reason = `field '${col.name}' ${unstorable}`;
        break;
      }
      const v = castValue(exact ?? raw, col.type, 'decode');
      if (v === undefined) {
        reason = `field '${col.name}': expected ${formatType(col.type)}, found ${exact ?? describeFound(raw)}`;
        break;
      }
      if (v === null && !col.nullable) {
        reason = `field '${col.name}' is NOT NULL but ${raw === undefined ? 'missing' : 'null'}`;
        break;
      }
      row[i] = v;
    }
    if (reason) deadLetters.push({ record, reason });
    else {
      rows.push(row);
      // One string per partition, not per row: a batch holds few partitions.
      if (record.topic !== lastTopic || record.partition !== lastPartition) {
        lastTopic = record.topic;
        lastPartition = record.partition;
        partitionId = partitionKey(record.topic, record.partition);
      }
      partitions.push(partitionId);
      sources.push(index);
    }
  }
  return { rows, partitions, sources, deadLetters };
}
