import { formatExpr } from '../../compiler/analyzer/BoundExpr.js';
import type { AggregateCall, WindowSpec } from '../../compiler/analyzer/AnalyzedQuery.js';
import { formatInterval } from '../../compiler/ast/interval.js';
import { formatType } from '../../compiler/SqlType.js';
import type { TriggerSpec } from '../../compiler/analyzer/AnalyzedQuery.js';
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

function describeLogical(p: LogicalPlan): string {
  switch (p.kind) {
    case 'KafkaScan': {
      const s = p.stream;
      const cols = p.schema.map((c) => `${c.name} ${formatType(c.type)}`).join(', ');
      return `KafkaScan: ${s.name} topic=${s.topic} format=${s.format} start=${s.startingOffsets} columns=[${cols}]`;
    }
    case 'Watermark':
      return `Watermark: ${p.column} - ${formatInterval(p.delayMs)}`;
    case 'Filter':
      return `Filter: ${formatExpr(p.predicate)}`;
    case 'Aggregate': {
      const keys = p.groupBy.map((g) => (g.expr.kind === 'column' && g.expr.name === g.name ? g.name : `${formatExpr(g.expr)} AS ${g.name}`));
      const win = p.window ? `window=${formatWindow(p.window)} ` : '';
      return `Aggregate: ${win}groupBy=[${keys.join(', ')}] aggr=[${p.aggregates.map(formatAggregate).join(', ')}]`;
    }
    case 'Projection':
      return `Projection: ${p.exprs.map((e) => (e.expr.kind === 'column' && e.expr.name === e.name ? e.name : `${formatExpr(e.expr)} AS ${e.name}`)).join(', ')}`;
    case 'Sink': {
      const t = p.target;
      const key = t.key.length > 0 ? ` key=[${t.key.join(', ')}]` : '';
      return `Sink: ${t.kind}${t.target ? ` ${t.target}` : ''} mode=${t.mode}${key} query=${p.queryId} trigger=${formatTrigger(p.trigger)} maxRecordsPerBatch=${p.maxRecordsPerBatch}`;
    }
  }
}
