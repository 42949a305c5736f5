import { formatExpr } from '../../core/BoundExpr.js';
import { formatStartingOffsets } from '../../core/SourceDef.js';
import { planName } from '../../core/ConnectorDescriptor.js';
import { formatInterval } from '../../compiler/ast/interval.js';
import {
  displayTree,
  formatAggregate,
  formatRoutes,
  formatSinkOptions,
  formatTopics,
  formatTrigger,
  formatWindow,
  formatWithin,
} from '../logical/displayLogical.js';
import { physicalInputs, type PhysicalPlan } from './PhysicalPlan.js';

export function displayPhysical(plan: PhysicalPlan): string {
  return displayTree(plan, physicalInputs, describePhysical);
}

/**
 * One operator as EXPLAIN shows it. Saved state is filed under operator ids, not
 * under this text; only state saved before those ids is matched against it.
 */
export function describePhysical(p: PhysicalPlan): string {
  switch (p.kind) {
    case 'StreamSourceExec':
      return `${planName(p.source.connector)}SourceExec: ${formatTopics(p.source.topics)} start=${formatStartingOffsets(p.source.startingOffsets)} decode=${p.source.format}[${p.schema.map((c) => c.name).join(', ')}]`;
    case 'TableSourceExec':
      return `TableSourceExec: ${p.source.connector} ${p.source.name} columns=[${p.schema.map((c) => c.name).join(', ')}]${p.where.length > 0 ? ` where=[${p.where.map(formatExpr).join(', ')}]` : ''}`;
    case 'DedupExec':
      return `DedupExec: keys=[${p.keys.join(', ')}] within=${formatWithin(p.withinMs)}${p.timeColumn ? ` by ${p.timeColumn}` : ' by arrival'}`;
    case 'QualityCheckExec':
      return `QualityCheckExec: ${p.rules.map((r) => `${formatExpr(r.expr)} AS ${r.name}`).join(', ')}`;
    case 'WatermarkExec':
      return `WatermarkExec: ${p.column} - ${formatInterval(p.delayMs)}`;
    case 'FilterExec':
      return `FilterExec: ${formatExpr(p.predicate)}`;
    case 'ProjectionExec':
      return `ProjectionExec: ${p.exprs.map((e) => (e.expr.kind === 'column' && e.expr.name === e.name ? e.name : `${formatExpr(e.expr)} AS ${e.name}`)).join(', ')}`;
    case 'TumblingWindowAggregateExec':
    case 'SlidingWindowAggregateExec':
    case 'SessionWindowAggregateExec':
      return `${p.kind}: ${formatWindow(p.window)} groupBy=[${p.groupBy.map((g) => g.name).join(', ')}] aggr=[${p.aggregates.map(formatAggregate).join(', ')}] emit=${p.emit}`;
    case 'UpdatingAggregateExec':
      return `UpdatingAggregateExec: groupBy=[${p.groupBy.map((g) => g.name).join(', ')}] aggr=[${p.aggregates.map(formatAggregate).join(', ')}] emit=${p.emit}`;
    case 'SinkExec': {
      const t = p.target;
      const key = t.key.length > 0 ? ` key=[${t.key.join(', ')}]` : '';
      return `${planName(t.connector)}SinkExec: ${t.target ?? 'stdout'} mode=${t.mode}${key}${formatSinkOptions(t)} query=${p.queryId} trigger=${formatTrigger(p.trigger)} maxRecordsPerBatch=${p.maxRecordsPerBatch}${formatRoutes(p.routes)}`;
    }
  }
}
