import type * as A from '../ast/Ast.js';
import type { Diagnostic } from '../diagnostics/Diagnostic.js';
import { diag } from '../diagnostics/messages.js';
import type { Column } from '../../core/Schema.js';
import type { StartingOffsets } from '../../core/SourceDef.js';
import type { StreamDef } from './Catalog.js';
import { readOptions } from './options.js';
import { analyzeColumns } from './analyzeCreateTable.js';

const STREAM_OPTIONS = { topic: 'string', format: 'string', starting_offsets: 'string', group_id: 'string' } as const;

/** CREATE STREAM → a StreamDef for the catalog, or diagnostics. */
export function analyzeCreateStream(s: A.CreateStreamStmt, out: Diagnostic[]): StreamDef | undefined {
  const before = out.length;
  const columns = analyzeColumns(s.columns, out);
  const watermark = s.watermark && readWatermark(s.watermark, columns, s.name.name, out);
  const options = readOptions(s.options, STREAM_OPTIONS, 'CREATE STREAM', out);
  const format = options.get('format') ?? 'json';
  if (format !== 'json') {
    const at = s.options.find((o) => o.name.name === 'format')!.value.span;
    out.push(diag('NotSupportedYet', at, [`format '${format}'`], "Use format = 'json'."));
  }
  const starting = options.get('starting_offsets') ?? 'earliest';
  if (starting !== 'earliest' && starting !== 'latest') {
    const at = s.options.find((o) => o.name.name === 'starting_offsets')!.value.span;
    out.push(diag('BadOptionValue', at, ['starting_offsets', "is 'earliest' or 'latest'"]));
  }
  if (out.length > before) return undefined;
  const groupId = options.get('group_id');
  return {
    name: s.name.name,
    topic: String(options.get('topic') ?? s.name.name),
    format: 'json',
    columns,
    ...(watermark && { watermark }),
    startingOffsets: starting as StartingOffsets,
    ...(groupId !== undefined && { groupId: String(groupId) }),
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
