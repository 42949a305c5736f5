import { formatExpr } from '../../core/BoundExpr.js';
import { planName } from '../../core/ConnectorDescriptor.js';
import type { AggregateCall, WindowSpec } from '../../core/specs.js';
import { formatInterval } from '../../compiler/ast/interval.js';
import { formatType } from '../../core/SqlType.js';
import type { Routes, SinkTarget, TriggerSpec } from '../../core/specs.js';
import { formatStartingOffsets, type TopicSelector } from '../../core/SourceDef.js';
import type { Schema } from '../../core/Schema.js';
import { inputsOf, type LogicalPlan } from './LogicalPlan.js';

/**
 * One node a line, numbered and indented by depth (`01)Sink: …`, `02)--Projection: …`):
 * stable text that golden tests compare.
 */
export function displayTree<T>(root: T, children: (n: T) => T[], describe: (n: T) => string): string {
  const lines: string[] = [];
  const visit = (n: T, depth: number) => {
    lines.push(`${String(lines.length + 1).padStart(2, '0')})${'--'.repeat(depth)}${describe(n)}`);
    for (const c of children(n)) visit(c, depth + 1);
  };
  visit(root, 0);
  return lines.join('\n');
}

export function displayLogical(plan: LogicalPlan): string {
  return displayTree(plan, inputsOf, describeLogical);
}

export function formatWindow(w: WindowSpec): string {
  switch (w.kind) {
    case 'tumbling':
      return `tumbling(${w.timeColumn}, ${formatInterval(w.sizeMs)})`;
    case 'sliding':
      return `sliding(${w.timeColumn}, ${formatInterval(w.sizeMs)}, every ${formatInterval(w.slideMs!)})`;
    case 'session':
      return `session(${w.timeColumn}, gap ${formatInterval(w.sizeMs)})`;
  }
}

export function formatAggregate(a: AggregateCall): string {
  const arg = a.arg ? `${a.distinct ? 'DISTINCT ' : ''}${formatExpr(a.arg)}` : '*';
  return `${a.fn}(${arg}) AS ${a.name}`;
}

export function formatTrigger(t: TriggerSpec): string {
  return t.kind === 'every' ? `every ${formatInterval(t.millis)}` : t.kind === 'availableNow' ? 'available now' : t.kind;
}

export function formatTopics(t: TopicSelector): string {
  return 'pattern' in t ? `topics~'${t.pattern}'` : `topic${t.names.length > 1 ? 's' : ''}=${t.names.join(',')}`;
}

function formatColumns(schema: Schema): string {
  return schema.map((c) => `${c.name} ${formatType(c.type)}`).join(', ');
}

export function formatWithin(ms: number): string {
  return ms === Infinity ? 'forever' : formatInterval(ms);
}

export function formatSink(t: SinkTarget): string {
  const key = t.key.length > 0 ? ` key=[${t.key.join(', ')}]` : '';
  return `${t.connector}${t.target ? ` ${t.target}` : ''} mode=${t.mode}${key}${formatSinkOptions(t)}`;
}

/** The connector's own options, when the query gives any. */
export function formatSinkOptions(t: SinkTarget): string {
  return t.options
    ? ` options=[${Object.entries(t.options)
        .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
        .join(', ')}]`
    : '';
}

export function formatRoutes(r: Routes): string {
  const parts: string[] = [];
  if (r.failed) parts.push(` failedRows=${formatSink(r.failed)}`);
  if (r.deadLetters) parts.push(` deadLetters=${formatSink(r.deadLetters)}`);
  if (r.late) parts.push(` lateRows=${formatSink(r.late)}`);
  return parts.join('');
}

function describeLogical(p: LogicalPlan): string {
  switch (p.kind) {
    case 'StreamScan': {
      const s = p.source;
      return `${planName(s.connector)}Scan: ${s.name} ${formatTopics(s.topics)} format=${s.format} start=${formatStartingOffsets(s.startingOffsets)} columns=[${formatColumns(p.schema)}]`;
    }
    case 'TableScan':
      return `TableScan: ${p.source.connector} ${p.source.name} columns=[${formatColumns(p.schema)}]`;
    case 'Dedup':
      return `Dedup: keys=[${p.keys.join(', ')}] within=${formatWithin(p.withinMs)}${p.timeColumn ? ` by ${p.timeColumn}` : ' by arrival'}`;
    case 'QualityCheck':
      return `QualityCheck: ${p.rules.map((r) => `${formatExpr(r.expr)} AS ${r.name}`).join(', ')}`;
    case 'Watermark':
      return `Watermark: ${p.column} - ${formatInterval(p.delayMs)}`;
    case 'Filter':
      return `Filter: ${formatExpr(p.predicate)}`;
    case 'Aggregate': {
      const keys = p.groupBy.map((g) =>
        g.expr.kind === 'column' && g.expr.name === g.name ? g.name : `${formatExpr(g.expr)} AS ${g.name}`,
      );
      const win = p.window ? `window=${formatWindow(p.window)} ` : '';
      return `Aggregate: ${win}groupBy=[${keys.join(', ')}] aggr=[${p.aggregates.map(formatAggregate).join(', ')}]`;
    }
    case 'Projection':
      return `Projection: ${p.exprs.map((e) => (e.expr.kind === 'column' && e.expr.name === e.name ? e.name : `${formatExpr(e.expr)} AS ${e.name}`)).join(', ')}`;
    case 'Sink':
      return `Sink: ${formatSink(p.target)} query=${p.queryId} trigger=${formatTrigger(p.trigger)} maxRecordsPerBatch=${p.maxRecordsPerBatch}${formatRoutes(p.routes)}`;
  }
}
