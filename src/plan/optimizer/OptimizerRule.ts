import type { LogicalPlan } from '../logical/LogicalPlan.js';

/**
 * A rewrite of one node. The rule does not walk the tree: the driver offers it
 * every node, bottom-up, and repeats passes until no rule changes anything.
 * Returning undefined means "no change".
 */
export interface OptimizerRule {
  readonly name: string;
  rewrite(node: LogicalPlan): LogicalPlan | undefined;
}
