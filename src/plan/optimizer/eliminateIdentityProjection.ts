import type { LogicalPlan } from '../logical/LogicalPlan.js';
import type { OptimizerRule } from './OptimizerRule.js';

/** A projection that passes its input's columns through unchanged, in order, does nothing: drop it. */
export const eliminateIdentityProjection: OptimizerRule = {
  name: 'eliminate_identity_projection',
  rewrite(node: LogicalPlan): LogicalPlan | undefined {
    if (node.kind !== 'Projection') return undefined;
    const input = node.input.schema;
    const identity =
      node.exprs.length === input.length &&
      // A metadata column (`_offset`, `processed_at`) is filled by the source; the
      // projection makes it a plain output column, so it is not an identity there.
      node.exprs.every((e, i) => e.expr.kind === 'column' && e.expr.name === e.name && input[i]!.name === e.name && !input[i]!.metadata);
    return identity ? node.input : undefined;
  },
};
