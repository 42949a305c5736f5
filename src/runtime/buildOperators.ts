import { describePhysical } from '../plan/physical/displayPhysical.js';
import type { PhysicalPlan, SinkExec, SourceExec } from '../plan/physical/PhysicalPlan.js';
import { aggregateOperator } from './exec/AggregateOperator.js';
import { dedupOperator } from './exec/DedupOperator.js';
import { filterOperator } from './exec/FilterOperator.js';
import { qualityCheckOperator } from './exec/QualityCheckOperator.js';
import { sessionWindowOperator } from './exec/SessionWindowOperator.js';
import type { Operator } from './exec/Operator.js';
import { projectionOperator } from './exec/ProjectionOperator.js';
import { watermarkOperator } from './exec/WatermarkOperator.js';

export interface OperatorChain {
  readonly source: SourceExec;
  /** In the order rows flow: from the source's decoded rows to the sink's input. */
  readonly operators: readonly Operator[];
  readonly sink: SinkExec;
}

/** Physical plan → the runtime operators between its source and its sink. */
export function buildOperators(plan: SinkExec): OperatorChain {
  const operators: Operator[] = [];
  const build = (p: PhysicalPlan): SourceExec => {
    if (p.kind === 'KafkaSourceExec' || p.kind === 'TableSourceExec') return p;
    if (p.kind === 'PostgresSinkExec' || p.kind === 'OracleSinkExec' || p.kind === 'KafkaSinkExec' || p.kind === 'ConsoleSinkExec') {
      throw new Error('internal: a sink below the root');
    }
    const source = build(p.input);
    const input = p.input.schema;
    switch (p.kind) {
      case 'WatermarkExec':
        operators.push(watermarkOperator(p.column, p.delayMs, input));
        break;
      case 'FilterExec':
        operators.push(filterOperator(p.predicate, input));
        break;
      case 'ProjectionExec':
        operators.push(projectionOperator(p.exprs, input));
        break;
      case 'DedupExec':
        operators.push(dedupOperator(p.keys, p.withinMs, p.timeColumn, input));
        break;
      case 'QualityCheckExec':
        operators.push(qualityCheckOperator(p.rules, input));
        break;
      case 'TumblingWindowAggregateExec':
      case 'SlidingWindowAggregateExec':
      case 'UpdatingAggregateExec':
        operators.push(aggregateOperator(p, input, p.kind));
        break;
      case 'SessionWindowAggregateExec':
        operators.push(sessionWindowOperator(p, input, p.kind));
        break;
    }
    operators[operators.length - 1]!.fingerprint = describePhysical(p);
    return source;
  };
  const source = build(plan.input);
  return { source, operators, sink: plan };
}
