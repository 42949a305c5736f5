import { isSinkExec, sourceOf, type OperatorExec, type SinkExec, type SourceExec } from '../plan/physical/PhysicalPlan.js';
import { aggregateOperator } from './exec/AggregateOperator.js';
import { dedupOperator } from './exec/DedupOperator.js';
import { filterOperator } from './exec/FilterOperator.js';
import { qualityCheckOperator } from './exec/QualityCheckOperator.js';
import { sessionWindowOperator } from './exec/SessionWindowOperator.js';
import type { Operator } from './exec/Operator.js';
import { projectionOperator } from './exec/ProjectionOperator.js';
import { watermarkOperator } from './exec/WatermarkOperator.js';
import { operatorId } from './state/operatorId.js';
import { aggregates } from '../plan/physical/routeSchemas.js';

export interface OperatorChain {
  readonly source: SourceExec;
  /** In the order rows flow: from the source's decoded rows to the sink's input. */
  readonly operators: readonly Operator[];
  /** The plan node each operator runs, in the same order. */
  readonly execs: readonly OperatorExec[];
  readonly sink: SinkExec;
}

/** Physical plan → the runtime operators between its source and its sink. */
export function buildOperators(plan: SinkExec): OperatorChain {
  const execs: OperatorExec[] = [];
  for (let p = plan.input; p.kind !== 'StreamSourceExec' && p.kind !== 'TableSourceExec'; p = p.input) {
    if (isSinkExec(p)) throw new Error('internal: a sink below the root');
    execs.unshift(p);
  }
  const splitFailed = plan.routes.failed !== undefined && aggregates(plan);
  const operators = execs.map((p, position) => {
    const op = operatorFor(p, splitFailed);
    op.id = operatorId(p, position);
    return op;
  });
  return { source: sourceOf(plan), operators, execs, sink: plan };
}

function operatorFor(p: OperatorExec, splitFailed: boolean): Operator {
  const input = p.input.schema;
  switch (p.kind) {
    case 'WatermarkExec':
      return watermarkOperator(p.column, p.delayMs, input);
    case 'FilterExec':
      return filterOperator(p.predicate, input);
    case 'ProjectionExec':
      return projectionOperator(p.exprs, input);
    case 'DedupExec':
      return dedupOperator(p.keys, p.withinMs, p.timeColumn, input);
    case 'QualityCheckExec':
      return qualityCheckOperator(p.rules, input, splitFailed);
    case 'TumblingWindowAggregateExec':
    case 'SlidingWindowAggregateExec':
    case 'UpdatingAggregateExec':
      return aggregateOperator(p, input, p.kind);
    case 'SessionWindowAggregateExec':
      return sessionWindowOperator(p, input, p.kind);
  }
}
