import type * as A from '../ast/Ast.js';
import type { Diagnostic } from '../diagnostics/Diagnostic.js';
import { diag } from '../diagnostics/messages.js';
import { closest } from '../diagnostics/suggest.js';
import { BOOLEAN, TIMESTAMP } from '../SqlType.js';
import { AggregationBuilder, containsAggregate, isWindowCall } from './analyzeAggregation.js';
import type { AnalyzedQuery, NamedExpr, SinkTarget, TriggerSpec } from './AnalyzedQuery.js';
import type { BoundExpr } from './BoundExpr.js';
import { bindExpr, type Scope } from './bindExpr.js';
import { DEFAULT_WATERMARK_DELAY_MS, type Catalog, type StreamDef } from './Catalog.js';
import { inferColumns } from './inferColumns.js';
import { readOptions } from './options.js';

const QUERY_OPTIONS = { name: 'string', max_records_per_batch: 'positiveInteger' } as const;
export const DEFAULT_MAX_RECORDS_PER_BATCH = 10_000;

/** SELECT → AnalyzedQuery, or diagnostics (all of them, not just the first). */
export function analyzeSelect(q: A.SelectStmt, catalog: Catalog, out: Diagnostic[]): AnalyzedQuery | undefined {
  const before = out.length;
  const stream = resolveStream(q, catalog, out);
  const columns = stream.columns ?? inferColumns(q);
  const scope: Scope = { columns, sourceName: stream.name };

  const where = q.where && bindCondition(q.where, scope, out, 'WHERE');
  const isAggregate = q.groupBy.length > 0 || q.items.some((i) => i.expr !== 'star' && containsAggregate(i.expr)) || (q.having !== undefined && containsAggregate(q.having));

  let outputs: NamedExpr[];
  let aggregation: AnalyzedQuery['aggregation'];
  let windowed = false;
  if (isAggregate) {
    const agg = new AggregationBuilder(scope, out);
    agg.addGroupBy(q.groupBy);
    outputs = [];
    for (const item of q.items) {
      if (item.expr === 'star') {
        out.push(diag('NotGrouped', item.span, ['*'], 'List the grouped columns and aggregates instead of *.'));
      } else if (isWindowCall(item.expr)) {
        agg.setWindow(item.expr);
        outputs.push({ name: 'window_start', expr: { kind: 'column', name: 'window_start', type: TIMESTAMP } });
        outputs.push({ name: 'window_end', expr: { kind: 'column', name: 'window_end', type: TIMESTAMP } });
      } else {
        const expr = agg.bindOutput(item.expr, item.alias?.name);
        outputs.push({ name: item.alias?.name ?? (expr.kind === 'column' ? expr.name : `expr_${outputs.length + 1}`), expr });
      }
    }
    const having = q.having && agg.bindOutput(q.having);
    if (having && having.type.kind !== 'BOOLEAN' && having.type.kind !== 'UNKNOWN') {
      out.push(diag('TypeMismatch', q.having!.span, ['HAVING', 'a condition (BOOLEAN)', having.type.kind]));
    }
    if (agg.window?.kind === 'session') out.push(diag('NotSupportedYet', q.span, ['session()'], 'Use window(ts, size) or window(ts, size, slide).'));
    aggregation = agg.build(having);
    windowed = agg.hasWindowCall;
  } else {
    if (q.having) out.push(diag('HavingWithoutAggregate', q.having.span, [], 'Use WHERE to filter rows.'));
    outputs = q.items.flatMap((item, i) => selectItem(item, i, scope, stream, out));
  }
  checkUniqueNames(outputs, q, out);

  const options = readOptions(q.into.options, QUERY_OPTIONS, 'a query', out);
  const sink = analyzeSink(q, outputs, aggregation, windowed, out);
  const watermark = aggregation?.window ? watermarkFor(stream, aggregation.window.timeColumn, q, out) : stream.watermark;
  if (q.distinct) out.push(diag('NotSupportedYet', q.span, ['SELECT DISTINCT'], 'Use GROUP BY on the columns.'));
  if (out.length > before && out.slice(before).some((d) => d.severity === 'error')) return undefined;
  return {
    id: String(options.get('name') ?? sink.target ?? `console_${stream.name}`),
    stream,
    sourceColumns: columns,
    ...(watermark && { watermark }),
    ...(where && { where }),
    ...(aggregation && { aggregation }),
    outputs,
    sink,
    trigger: trigger(q.into.trigger),
    maxRecordsPerBatch: Number(options.get('max_records_per_batch') ?? DEFAULT_MAX_RECORDS_PER_BATCH),
    span: q.span,
  };
}

function resolveStream(q: A.SelectStmt, catalog: Catalog, out: Diagnostic[]): StreamDef {
  const first = q.from[0]!;
  if (q.from.length > 1) out.push(diag('NotSupportedYet', q.from[1]!.span, ['Reading several streams in one query']));
  return catalog.streams.get(first.name) ?? { name: first.name, topic: first.name, format: 'json', startingOffsets: 'earliest' };
}

function bindCondition(e: A.Expr, scope: Scope, out: Diagnostic[], clause: string): BoundExpr {
  const bound = bindExpr(e, scope, out);
  if (bound.type.kind !== 'BOOLEAN' && bound.type.kind !== 'UNKNOWN') {
    out.push(diag('TypeMismatch', e.span, [clause, 'a condition (BOOLEAN)', bound.type.kind]));
  }
  return bound.type.kind === 'UNKNOWN' ? { ...bound, type: BOOLEAN } : bound;
}

function selectItem(item: A.SelectItem, index: number, scope: Scope, stream: StreamDef, out: Diagnostic[]): NamedExpr[] {
  if (item.expr === 'star') {
    if (!stream.columns) {
      out.push(diag('StarNeedsSchema', item.span, [stream.name], `Declare it with CREATE STREAM ${stream.name} (...), or list the columns.`));
      return [];
    }
    return stream.columns.map((c) => ({ name: c.name, expr: { kind: 'column', name: c.name, type: c.type } }));
  }
  const expr = bindExpr(item.expr, scope, out);
  return [{ name: item.alias?.name ?? (expr.kind === 'column' ? expr.name : `expr_${index + 1}`), expr }];
}

function checkUniqueNames(outputs: readonly NamedExpr[], q: A.SelectStmt, out: Diagnostic[]): void {
  const seen = new Set<string>();
  for (const o of outputs) {
    if (seen.has(o.name)) {
      const item = q.items.find((i) => i.alias?.name === o.name) ?? q.items[0]!;
      out.push(diag('DuplicateOutputColumn', item.alias?.span ?? item.span, [o.name], 'Name one of them with AS.'));
    }
    seen.add(o.name);
  }
}

function analyzeSink(
  q: A.SelectStmt,
  outputs: readonly NamedExpr[],
  aggregation: AnalyzedQuery['aggregation'],
  windowed: boolean,
  out: Diagnostic[],
): SinkTarget {
  const into = q.into;
  if (into.sink !== 'console' && !into.target) {
    out.push(diag('UnexpectedEnd', into.sinkSpan, ['a table name after ' + into.sink.toUpperCase()]));
  }
  // A window call that failed to read (already reported) still means the user
  // wants windows: no second error about APPEND or UPDATE keys for its absence.
  const unbounded = aggregation !== undefined && !windowed;
  const mode = into.mode?.value ?? (unbounded ? 'update' : 'append');
  const modeSpan = into.mode?.span ?? into.sinkSpan;
  if (mode === 'append' && unbounded) {
    out.push(diag('UnboundedAppend', modeSpan, [], 'Add a window, e.g. GROUP BY window(ts, \'5 minutes\'), or write MODE UPDATE.'));
  }
  if (mode === 'complete' && !aggregation) {
    out.push(diag('NotSupportedYet', modeSpan, ['MODE COMPLETE without an aggregate'], 'COMPLETE rewrites an aggregate result; use APPEND for rows.'));
  }
  const derivedKey = aggregation ? [...aggregation.groupBy.map((k) => k.name), ...(aggregation.window ? ['window_start'] : [])] : [];
  const key = into.key?.map((k) => k.name) ?? (mode === 'update' ? derivedKey : []);
  for (const k of into.key ?? []) {
    if (!outputs.some((o) => o.name === k.name)) {
      const guess = closest(k.name, outputs.map((o) => o.name));
      out.push(diag('UnknownColumn', k.span, [k.name, 'the query output'], guess && `Did you mean '${guess}'?`));
    }
  }
  if (mode === 'update') {
    if (key.length === 0) out.push(diag('UpdateNeedsKey', modeSpan, [], 'Add KEY (column, ...) naming the columns that identify a row.'));
    for (const k of into.key ? [] : key) {
      if (!outputs.some((o) => o.name === k)) {
        out.push(diag('UpdateNeedsKey', modeSpan, [], `The derived key column '${k}' is not in the select list; select it or give KEY (...).`));
      }
    }
  }
  return { kind: into.sink, ...(into.target && { target: into.target.name }), mode, key };
}

function watermarkFor(stream: StreamDef, timeColumn: string, q: A.SelectStmt, out: Diagnostic[]) {
  if (!stream.columns) return { column: timeColumn, delayMs: DEFAULT_WATERMARK_DELAY_MS };
  if (!stream.watermark) {
    out.push(
      diag('WindowNeedsWatermark', q.span, [stream.name], `Declare WATERMARK FOR ${timeColumn} AS ${timeColumn} - INTERVAL '30' SECOND in CREATE STREAM ${stream.name}, so windows can close.`),
    );
    return undefined;
  }
  if (stream.watermark.column !== timeColumn) {
    out.push(diag('TypeMismatch', q.span, ['The window', `the watermark column '${stream.watermark.column}'`, `'${timeColumn}'`]));
  }
  return stream.watermark;
}

function trigger(t: A.Trigger | undefined): TriggerSpec {
  if (!t) return { kind: 'continuous' };
  return t.kind === 'every' ? { kind: 'every', millis: t.millis } : { kind: t.kind };
}
