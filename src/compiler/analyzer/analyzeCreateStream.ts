import type * as A from '../ast/Ast.js';
import type { Diagnostic } from '../diagnostics/Diagnostic.js';
import { diag } from '../diagnostics/messages.js';
import type { Column } from '../../core/Schema.js';
import type { StreamFormat } from '../../core/SourceDef.js';
import { closest } from '../../core/suggest.js';
import type { StreamDef } from './Catalog.js';
import { readOptions } from './options.js';
import { analyzeColumns } from './analyzeColumns.js';
import { readConsumerSettings, readCsvFormat, readStartingOffsets, STREAM_OPTIONS } from './streamOptions.js';

const FORMATS = ['json', 'csv'] as const;

/** CREATE STREAM → a StreamDef for the catalog, or diagnostics. */
export function analyzeCreateStream(s: A.CreateStreamStmt, out: Diagnostic[]): StreamDef | undefined {
  const before = out.length;
  const columns = analyzeColumns(s.columns, out);
  const watermark = s.watermark && readWatermark(s.watermark, columns, s.name.name, out);
  const options = readOptions(s.options, STREAM_OPTIONS, 'CREATE STREAM', out);
  const format = String(options.get('format') ?? 'json');
  if (!(FORMATS as readonly string[]).includes(format)) {
    const at = s.options.find((o) => o.name.name === 'format')!.value.span;
    const guess = closest(format, FORMATS);
    out.push(diag('NotSupportedYet', at, [`format '${format}'`], guess ? `Did you mean '${guess}'?` : "Use format = 'json' or 'csv'."));
  }
  const csv = readCsvFormat(
    s.options,
    options,
    format,
    columns.map((c) => c.name),
    out,
  );
  const topic = String(options.get('topic') ?? s.name.name);
  const starting = options.get('starting_offsets');
  const startingOffsets = readStartingOffsets(s.options, starting === undefined ? undefined : String(starting), topic, out);
  const consumer = readConsumerSettings(s.options, options, out);
  if (out.length > before || startingOffsets === undefined) return undefined;
  const groupId = options.get('group_id');
  return {
    name: s.name.name,
    topic,
    format: format as StreamFormat,
    ...(csv && { csv }),
    columns,
    ...(watermark && { watermark }),
    startingOffsets,
    ...(groupId !== undefined && { groupId: String(groupId) }),
    ...(consumer && { consumer }),
  };
}

/** `WATERMARK FOR ts AS ts - INTERVAL '30' SECOND`: the delay behind the largest event time seen. */
function readWatermark(w: A.WatermarkDef, columns: readonly Column[], stream: string, out: Diagnostic[]) {
  const col = columns.find((c) => c.name === w.column.name);
  if (!col) {
    out.push(diag('UnknownColumn', w.column.span, [w.column.name, `stream '${stream}'`]));
    return undefined;
  }
  if (col.type.kind !== 'TIMESTAMP') {
    out.push(diag('TypeMismatch', w.column.span, ['WATERMARK FOR', 'a TIMESTAMP column', col.type.kind]));
    return undefined;
  }
  const e = w.expr;
  if (e.kind === 'ColumnRef' && e.name === col.name) return { column: col.name, delayMs: 0 };
  if (
    e.kind === 'BinaryExpr' &&
    e.op === '-' &&
    e.left.kind === 'ColumnRef' &&
    e.left.name === col.name &&
    e.right.kind === 'IntervalLit'
  ) {
    return { column: col.name, delayMs: e.right.millis };
  }
  out.push(
    diag(
      'TypeMismatch',
      w.expr.span,
      ['WATERMARK', `${col.name} - INTERVAL '…'`, 'another expression'],
      `Write WATERMARK FOR ${col.name} AS ${col.name} - INTERVAL '30' SECOND.`,
    ),
  );
  return undefined;
}
