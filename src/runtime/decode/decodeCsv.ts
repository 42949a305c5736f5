import { partitionKey } from '../ports/partitionKey.js';
import type { SourceRecord } from '../ports/Source.js';
import { formatType } from '../../core/SqlType.js';
import type { CsvFormat } from '../../core/SourceDef.js';
import { castValue } from '../../expr/castValue.js';
import type { Row, Schema } from '../../core/Schema.js';
import { refuseBytes, textOf } from './recordChecks.js';
import { parseCsv } from './parseCsv.js';
import { metadataReader, type ProcessingInfo } from './metadataReaders.js';
import type { Decoded, DeadLetter } from './decodeJson.js';

/**
 * CSV record values → rows of `schema`. A record holds one line or several
 * (each a row); with `header` its first line names the columns, which are then
 * read by name (columns it does not name are NULL, names it has beyond the
 * schema are ignored), and without it the fields follow the declared column
 * order. A record is one unit: if any of its lines does not parse, has the
 * wrong number of fields or a field that is not of its column's type, the
 * whole record is a dead letter whose reason names the line; the batch goes on.
 */
export function decodeCsv(records: readonly SourceRecord[], schema: Schema, csv: CsvFormat, processing: ProcessingInfo): Decoded {
  const readers = schema.map((col) => (col.metadata ? metadataReader(col.name, processing) : undefined));
  const fields = schema.filter((c) => !c.metadata);
  // Without a header, where each decoded field sits in a line: fixed by the declaration, so found once.
  const declared = fields.map((c) => csv.columns.indexOf(c.name));
  const rows: Row[] = [];
  const partitions: string[] = [];
  const sources: number[] = [];
  const deadLetters: DeadLetter[] = [];
  for (let index = 0; index < records.length; index++) {
    const record = records[index]!;
    const refused = record.value === null ? 'empty value (tombstone)' : refuseBytes(record.value);
    if (refused) {
      deadLetters.push({ record, reason: refused });
      continue;
    }
    let lines: (string | null)[][];
    try {
      lines = parseCsv(textOf(record.value), csv);
    } catch (e) {
      deadLetters.push({ record, reason: `not valid CSV: ${(e as Error).message}` });
      continue;
    }
    const decoded = decodeLines(lines, record, schema, fields, readers, csv.header, declared, csv.columns.length);
    if (typeof decoded === 'string') {
      deadLetters.push({ record, reason: decoded });
      continue;
    }
    const partition = partitionKey(record.topic, record.partition);
    for (const row of decoded) {
      rows.push(row);
      partitions.push(partition);
      sources.push(index);
    }
  }
  return { rows, partitions, sources, deadLetters };
}

/** The record's rows, or why it is a dead letter. */
function decodeLines(
  lines: readonly (string | null)[][],
  record: SourceRecord,
  schema: Schema,
  fields: Schema,
  readers: readonly (((r: SourceRecord) => unknown) | undefined)[],
  header: boolean,
  declared: readonly number[],
  declaredWidth: number,
): Row[] | string {
  let at = declared;
  let width = declaredWidth;
  let first = 0;
  if (header) {
    const names = lines[0];
    if (names === undefined) return 'no header line';
    at = fields.map((c) => names.indexOf(c.name));
    width = names.length;
    first = 1;
  }
  if (lines.length <= first) return header ? 'a header line and no data line' : 'no line';
  const rows: Row[] = [];
  for (let l = first; l < lines.length; l++) {
    const line = lines[l]!;
    const where = lines.length === 1 ? '' : `line ${l + 1}: `;
    if (line.length !== width) return `${where}${line.length} fields where ${header ? 'the header names' : 'the stream declares'} ${width}`;
    const row: Row = new Array(schema.length);
    let f = 0;
    for (let i = 0; i < schema.length; i++) {
      const col = schema[i]!;
      const meta = readers[i];
      if (meta) {
        row[i] = meta(record);
        continue;
      }
      const k = at[f++]!;
      const raw = k < 0 ? null : line[k]!;
      if (raw !== null && raw.includes('\u0000'))
        return `${where}field '${col.name}' holds a NUL character (U+0000), which text columns cannot store`;
      const v = castValue(raw, col.type, 'decode');
      if (v === undefined) return `${where}field '${col.name}': expected ${formatType(col.type)}, found ${JSON.stringify(raw)}`;
      if (v === null && !col.nullable) return `${where}field '${col.name}' is NOT NULL but ${k < 0 ? 'missing' : 'null'}`;
      row[i] = v;
    }
    rows.push(row);
  }
  return rows;
}
