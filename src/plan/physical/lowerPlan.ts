import type { WriteMode } from '../../compiler/ast/Ast.js';
import type { LogicalPlan, SinkNode } from '../logical/LogicalPlan.js';
import type { PhysicalPlan, SinkExec } from './PhysicalPlan.js';

const SINK_EXEC = { postgres: 'PostgresSinkExec', oracle: 'OracleSinkExec', console: 'ConsoleSinkExec' } as const;

/** LogicalPlan → PhysicalPlan: picks an operator for each node; the sink's mode decides how aggregates emit. */
export function lowerPlan(sink: SinkNode): SinkExec {
  return { ...sink, kind: SINK_EXEC[sink.target.kind], input: lower(sink.input, sink.target.mode) };
}

function lower(p: LogicalPlan, mode: WriteMode): PhysicalPlan {
  switch (p.kind) {
    case 'KafkaScan':
      return { kind: 'KafkaSourceExec', stream: p.stream, schema: p.schema };
    case 'Watermark':
      return { kind: 'WatermarkExec', input: lower(p.input, mode), column: p.column, delayMs: p.delayMs, schema: p.schema };
    case 'Filter':
      return { kind: 'FilterExec', input: lower(p.input, mode), predicate: p.predicate, schema: p.schema };
    case 'Projection':
      return { kind: 'ProjectionExec', input: lower(p.input, mode), exprs: p.exprs, schema: p.schema };
    case 'Aggregate': {
      const input = lower(p.input, mode);
      const common = { input, groupBy: p.groupBy, aggregates: p.aggregates, emit: mode, schema: p.schema };
      if (!p.window) return { kind: 'UpdatingAggregateExec', ...common };
      const kind = p.window.kind === 'tumbling' ? 'TumblingWindowAggregateExec' : 'SlidingWindowAggregateExec';
      return { kind, window: p.window, ...common };
    }
    case 'Sink':
      throw new Error('internal: a Sink below the root');
  }
}
