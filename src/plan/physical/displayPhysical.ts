import { formatExpr } from '../../compiler/analyzer/BoundExpr.js';
import { formatInterval } from '../../compiler/ast/interval.js';
import { displayTree, formatAggregate, formatTrigger, formatWindow } from '../logical/displayLogical.js';
import { physicalInputs, type PhysicalPlan } from './PhysicalPlan.js';

export function displayPhysical(plan: PhysicalPlan): string {
  return displayTree(plan, physicalInputs, describePhysical);
}

function describePhysical(p: PhysicalPlan): string {
  switch (p.kind) {
    case 'KafkaSourceExec':
      return `KafkaSourceExec: topic=${p.stream.topic} start=${p.stream.startingOffsets} decode=json[${p.schema.map((c) => c.name).join(', ')}]`;
    case 'WatermarkExec':
      return `WatermarkExec: ${p.column} - ${formatInterval(p.delayMs)}`;
    case 'FilterExec':
      return `FilterExec: ${formatExpr(p.predicate)}`;
    case 'ProjectionExec':
      return `ProjectionExec: ${p.exprs.map((e) => (e.expr.kind === 'column' && e.expr.name === e.name ? e.name : `${formatExpr(e.expr)} AS ${e.name}`)).join(', ')}`;
    case 'TumblingWindowAggregateExec':
    case 'SlidingWindowAggregateExec':
      return `${p.kind}: ${formatWindow(p.window)} groupBy=[${p.groupBy.map((g) => g.name).join(', ')}] aggr=[${p.aggregates.map(formatAggregate).join(', ')}] emit=${p.emit}`;
    case 'UpdatingAggregateExec':
      return `UpdatingAggregateExec: groupBy=[${p.groupBy.map((g) => g.name).join(', ')}] aggr=[${p.aggregates.map(formatAggregate).join(', ')}] emit=${p.emit}`;
    case 'PostgresSinkExec':
    case 'OracleSinkExec':
    case 'ConsoleSinkExec': {
      const t = p.target;
      const key = t.key.length > 0 ? ` key=[${t.key.join(', ')}]` : '';
      return `${p.kind}: ${t.target ?? 'stdout'} mode=${t.mode}${key} query=${p.queryId} trigger=${formatTrigger(p.trigger)} maxRecordsPerBatch=${p.maxRecordsPerBatch}`;
    }
  }
}
