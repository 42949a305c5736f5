import type * as A from '../ast/Ast.js';
import type { Diagnostic } from '../diagnostics/Diagnostic.js';
import type { Column } from '../../core/Schema.js';
import { notNullAfter } from '../../expr/nullability.js';
import { diag } from '../diagnostics/messages.js';
import { closest } from '../../core/suggest.js';
import { BOOLEAN, TIMESTAMP } from '../../core/SqlType.js';
import { AggregationBuilder, containsAggregate, isWindowCall } from './analyzeAggregation.js';
import { analyzeSink, analyzeRoutes, declaredSinkTable } from './analyzeSink.js';
import type { AnalyzedQuery } from './AnalyzedQuery.js';
import type { DedupSpec, NamedExpr, TriggerSpec } from '../../core/specs.js';
import { columnsOf, type BoundExpr } from '../../core/BoundExpr.js';
import { bindExpr, type Scope } from './bindExpr.js';
import { DEFAULT_WATERMARK_DELAY_MS, type AnalysisCatalog } from './Catalog.js';
import { resolveConnector } from './resolveConnector.js';
import { readOptions } from './options.js';
import { resolveSource, type ResolvedSource } from './resolveSource.js';
import { untypedColumns } from './inferColumns.js';

const QUERY_OPTIONS = { name: 'string', max_records_per_batch: 'positiveInteger' } as const;
export const DEFAULT_MAX_RECORDS_PER_BATCH = 10_000;

/** The analysed SELECT … HAVING part, shared by streaming queries and batch INSERTs. */
type AnalyzedBody = Pick<
  AnalyzedQuery,
  'source' | 'sourceColumns' | 'watermark' | 'where' | 'dedup' | 'quality' | 'aggregation' | 'outputs' | 'distinct'
>;

/** Defaults that `SET` changes for the queries after it. */
export interface QueryDefaults {
  readonly maxRecordsPerBatch?: number;
  readonly trigger?: TriggerSpec;
}

/** SELECT … INTO → AnalyzedQuery, or diagnostics (all of them, not just the first). */
export function analyzeSelect(
  q: A.SelectStmt,
  catalog: AnalysisCatalog,
  out: Diagnostic[],
  defaults: QueryDefaults = {},
): AnalyzedQuery | undefined {
  const before = out.length;
  const { body, windowCalled } = analyzeBody(
    q,
    catalog,
    out,
    declaredSinkTable(q.into, catalog)?.columns,
    q.into.sink === 'postgres' || q.into.sink === 'oracle',
  );
  const batch = body.source.kind === 'table';
  const connector = resolveConnector({ name: q.into.sink, span: q.into.sinkSpan }, 'write', catalog.connectors, out);
  // Beside an unknown connector (already an error), only the query's own options are checked.
  const given = connector ? q.into.options : q.into.options.filter((o) => o.name.name in QUERY_OPTIONS);
  const options = readOptions(given, { ...QUERY_OPTIONS, ...connector?.options }, 'a query', out);
  const sinkOptions = new Map([...options].filter(([k]) => !(k in QUERY_OPTIONS)));
  const sink = analyzeSink(q.into, connector, sinkOptions, body.outputs, body.aggregation, windowCalled, catalog, batch, out);
  const routes = analyzeRoutes(q.into, { quality: body.quality.length > 0, window: body.aggregation?.window !== undefined }, catalog, out);
  if (batch && q.into.trigger) {
    out.push(
      diag('ClauseNeeds', q.into.trigger.span, ['A trigger', 'a Kafka source (a query over a table runs once)'], 'Drop the trigger.'),
    );
  }
  if (hasErrors(out, before)) return undefined;
  return {
    id: String(options.get('name') ?? sink.target ?? `console_${body.source.name.replace(/\W+/g, '_')}`),
    ...body,
    sink,
    routes,
    trigger: batch ? { kind: 'once' } : q.into.trigger ? trigger(q.into.trigger) : (defaults.trigger ?? { kind: 'continuous' }),
    maxRecordsPerBatch: Number(options.get('max_records_per_batch') ?? defaults.maxRecordsPerBatch ?? DEFAULT_MAX_RECORDS_PER_BATCH),
    batch,
    copy: false,
    span: q.span,
  };
}

export function hasErrors(out: readonly Diagnostic[], from: number): boolean {
  return out.slice(from).some((d) => d.severity === 'error');
}

/**
 * `windowCalled`: the query calls window()/session(), even one too malformed to
 * analyse (already reported), so the sink's checks do not take it for an
 * unwindowed aggregate and add a second, misleading error. `sinkColumns`: the
 * declared table the query writes into, which types undeclared columns too.
 */
export function analyzeBody(
  q: A.QueryBody,
  catalog: AnalysisCatalog,
  out: Diagnostic[],
  sinkColumns?: readonly Column[],
  writesTypedColumns = false,
): { body: AnalyzedBody; windowCalled: boolean } {
  const resolved = resolveSource(q, catalog, out, sinkColumns);
  const qualifiers = q.from.kind === 'names' ? q.from.names.map((n) => n.name) : [];
  const scope: Scope = { columns: resolved.scope, sourceName: describeFrom(q.from, resolved), qualifiers };

  const where = q.where && bindCondition(q.where, scope, out, 'WHERE');
  const quality = q.quality.map((r) => ({ name: `quality_${r.name.name}`, expr: bindCondition(r.expr, scope, out, 'QUALITY') }));
  const isAggregate =
    q.groupBy.length > 0 ||
    q.items.some((i) => i.expr !== 'star' && containsAggregate(i.expr)) ||
    (q.having !== undefined && containsAggregate(q.having));

  let outputs: NamedExpr[];
  let agg: AggregationBuilder | undefined;
  let having: BoundExpr | undefined;
  let windowCalled = false;
  if (isAggregate) {
    const windowItem = q.items.find((i) => i.expr !== 'star' && isWindowCall(i.expr));
    agg = new AggregationBuilder(scope, out, windowItem?.alias?.name);
    agg.addGroupBy(q.groupBy);
    outputs = [];
    for (const item of q.items) {
      if (item.expr === 'star') {
        out.push(diag('NotGrouped', item.span, ['*'], 'List the grouped columns and aggregates instead of *.'));
      } else if (isWindowCall(item.expr)) {
        agg.setWindow(item.expr);
        // Spark's `window(…) AS w` is a struct; a row has no structs, so its fields become w_start and w_end.
        const prefix = item.alias?.name ?? 'window';
        outputs.push({ name: `${prefix}_start`, expr: { kind: 'column', name: 'window_start', type: TIMESTAMP } });
        outputs.push({ name: `${prefix}_end`, expr: { kind: 'column', name: 'window_end', type: TIMESTAMP } });
      } else {
        const expr = agg.bindOutput(item.expr, item.alias?.name);
        outputs.push({ name: item.alias?.name ?? (expr.kind === 'column' ? expr.name : `expr_${outputs.length + 1}`), expr });
      }
    }
    having = q.having && agg.bindOutput(q.having);
    if (having && having.type.kind !== 'BOOLEAN' && having.type.kind !== 'UNKNOWN') {
      out.push(diag('TypeMismatch', q.having!.span, ['HAVING', 'a condition (BOOLEAN)', having.type.kind]));
    }
    windowCalled = agg.hasWindowCall;
  } else {
    if (q.having) out.push(diag('HavingWithoutAggregate', q.having.span, [], 'Use WHERE to filter rows.'));
    outputs = q.items.flatMap((item, i) => selectItem(item, i, scope, resolved, out));
    outputs.push(...quality.map((r) => ({ name: r.name, expr: { kind: 'column' as const, name: r.name, type: BOOLEAN } })));
  }
  checkUniqueNames(outputs, q, out);

  const window = agg?.window;
  const watermark = window ? watermarkFor(resolved, window.timeColumn, q, out) : (resolved.stream?.watermark ?? undefined);
  const dedup = q.dedup && analyzeDedup(q.dedup, scope, watermark?.column, out);
  if (q.distinct) {
    if (agg) out.push(diag('NotSupportedYet', q.span, ['SELECT DISTINCT with aggregates'], 'An aggregate already has one row per group.'));
    else if (resolved.source.kind !== 'table')
      out.push(diag('UnboundedDistinct', q.span, [], "Bound it: DEDUPLICATE ON (columns) WITHIN '1 day'."));
  }
  const used = new Set<string>();
  for (const e of [
    where,
    ...quality.map((r) => r.expr),
    ...outputs.map((o) => o.expr),
    ...(agg ? [...agg.groupBy.map((g) => g.expr), ...agg.aggregates.flatMap((a) => (a.arg ? [a.arg] : []))] : []),
  ]) {
    if (e) columnsOf(e, used);
  }
  for (const k of [...(dedup?.keys ?? []), ...(watermark ? [watermark.column] : []), ...(window ? [window.timeColumn] : [])]) used.add(k);
  // Metadata columns are in scope everywhere but read only where named. The event
  // time of a watermark or window is required: a record without one could be
  // placed in no window, so it becomes a dead letter instead of vanishing.
  const eventTime = new Set([...(watermark ? [watermark.column] : []), ...(window ? [window.timeColumn] : [])]);
  const sourceColumns = resolved.scope
    .filter((c) => !c.metadata || used.has(c.name))
    .map((c) => (eventTime.has(c.name) && c.nullable && resolved.source.kind === 'stream' ? { ...c, nullable: false } : c));
  // Group keys keep the nullability of the rows the aggregate reads: after WHERE, with event time NOT NULL.
  const aggregation = agg?.build(where ? notNullAfter(where, sourceColumns) : sourceColumns, having);
  if (!resolved.declared && resolved.source.kind === 'stream' && writesTypedColumns && !isAggregate)
    warnUntypedOutputs(q, resolved, sinkColumns, out);
  const body: AnalyzedBody = {
    source: resolved.source,
    sourceColumns,
    ...(watermark && { watermark }),
    ...(where && { where }),
    ...(dedup && { dedup }),
    quality,
    ...(aggregation && { aggregation }),
    outputs,
    distinct: q.distinct,
  };
  return { body, windowCalled };
}

/**
 * K4023: a select item of a query without aggregates that is a bare column of an
 * undeclared stream, which no other use types, is read as STRING, so a JSON
 * number lands in a TEXT column. (A group key is a STRING by choice: it names a group.)
 * Written into a database table, that is worth a warning; the console and a JSON topic show text either way.
 */
function warnUntypedOutputs(q: A.QueryBody, resolved: ResolvedSource, sinkColumns: readonly Column[] | undefined, out: Diagnostic[]): void {
  const untyped = untypedColumns(q, sinkColumns);
  const metadata = new Set(resolved.scope.filter((c) => c.metadata).map((c) => c.name));
  for (const item of q.items) {
    if (item.expr === 'star' || item.expr.kind !== 'ColumnRef' || !untyped.has(item.expr.name) || metadata.has(item.expr.name)) continue;
    const name = item.expr.name;
    out.push(
      diag(
        'UndeclaredColumnAsText',
        item.expr.span,
        [name, resolved.source.name],
        `Declare its type: CREATE STREAM ${resolved.source.name} (${name} DOUBLE, …), or CAST(${name} AS DOUBLE) AS ${name}.`,
      ),
    );
  }
}

/** The source as messages name it: a table is not a stream, a pattern is not a name. */
function describeFrom(from: A.FromClause, resolved: ResolvedSource): string {
  if (resolved.source.kind === 'table') return `table '${resolved.source.name}'`;
  if (from.kind === 'pattern') return `topics matching '${from.pattern}'`;
  return `${from.names.length === 1 ? 'stream' : 'streams'} ${from.names.map((s) => `'${s.name}'`).join(', ')}`;
}

function bindCondition(e: A.Expr, scope: Scope, out: Diagnostic[], clause: string): BoundExpr {
  const bound = bindExpr(e, scope, out);
  if (bound.type.kind !== 'BOOLEAN' && bound.type.kind !== 'UNKNOWN') {
    out.push(diag('TypeMismatch', e.span, [clause, 'a condition (BOOLEAN)', bound.type.kind]));
  }
  return bound.type.kind === 'UNKNOWN' ? { ...bound, type: BOOLEAN } : bound;
}

function analyzeDedup(d: A.DedupClause, scope: Scope, timeColumn: string | undefined, out: Diagnostic[]): DedupSpec {
  for (const k of d.keys) {
    if (!scope.columns.some((c) => c.name === k.name)) {
      const guess = closest(
        k.name,
        scope.columns.map((c) => c.name),
      );
      out.push(diag('UnknownColumn', k.span, [k.name, scope.sourceName], guess && `Did you mean '${guess}'?`));
    }
  }
  return { keys: d.keys.map((k) => k.name), withinMs: d.withinMs, ...(timeColumn && { timeColumn }) };
}

function selectItem(item: A.SelectItem, index: number, scope: Scope, resolved: ResolvedSource, out: Diagnostic[]): NamedExpr[] {
  if (item.expr === 'star') {
    if (!resolved.declared) {
      const name = resolved.source.name;
      out.push(diag('StarNeedsSchema', item.span, [name], `Declare it with CREATE STREAM ${name} (...), or list the columns.`));
      return [];
    }
    // `*` is the declared columns; metadata columns are named explicitly when wanted.
    const declared =
      resolved.stream?.columns ?? scope.columns.filter((c) => !['processed_at', 'pipeline_name', 'processing_date'].includes(c.name));
    return declared.map((c) => ({ name: c.name, expr: { kind: 'column', name: c.name, type: c.type } }));
  }
  const expr = bindExpr(item.expr, scope, out);
  return [{ name: item.alias?.name ?? (expr.kind === 'column' ? expr.name : `expr_${index + 1}`), expr }];
}

function checkUniqueNames(outputs: readonly NamedExpr[], q: A.QueryBody, out: Diagnostic[]): void {
  const seen = new Set<string>();
  for (const o of outputs) {
    if (seen.has(o.name)) {
      // Point at the item that gives the name (an alias, or a bare column such as a quality_<rule> one).
      const names = (i: A.SelectItem) => i.alias?.name ?? (i.expr !== 'star' && i.expr.kind === 'ColumnRef' ? i.expr.name : undefined);
      const item = q.items.find((i) => i.alias?.name === o.name) ?? q.items.find((i) => names(i) === o.name) ?? q.items[0]!;
      out.push(diag('DuplicateOutputColumn', item.alias?.span ?? item.span, [o.name], 'Name one of them with AS.'));
    }
    seen.add(o.name);
  }
}

function watermarkFor(resolved: ResolvedSource, timeColumn: string, q: A.QueryBody, out: Diagnostic[]) {
  if (resolved.source.kind === 'table') return undefined;
  if (!resolved.declared) return { column: timeColumn, delayMs: DEFAULT_WATERMARK_DELAY_MS };
  const stream = resolved.stream!;
  if (!stream.watermark) {
    out.push(
      diag(
        'WindowNeedsWatermark',
        q.span,
        [stream.name],
        `Declare WATERMARK FOR ${timeColumn} AS ${timeColumn} - INTERVAL '30' SECOND in CREATE STREAM ${stream.name}, so windows can close.`,
      ),
    );
    return undefined;
  }
  if (stream.watermark.column !== timeColumn) {
    out.push(diag('TypeMismatch', q.span, ['The window', `the watermark column '${stream.watermark.column}'`, `'${timeColumn}'`]));
  }
  return stream.watermark;
}

function trigger(t: A.Trigger): TriggerSpec {
  return t.kind === 'every' ? { kind: 'every', millis: t.millis } : { kind: t.kind };
}
