import { columnsOf } from '../../core/BoundExpr.js';
import { expressionsOf, inputsOf, type LogicalPlan } from '../logical/LogicalPlan.js';
import type { OptimizerRule } from './OptimizerRule.js';
import { notNullAfter } from '../../expr/nullability.js';

/**
 * Projection pruning down to the source: the scan decodes only the fields some
 * node above reads, so a wide JSON record costs what the query uses. Applied at
 * the root, since which columns are used is a property of the whole path.
 */
export const pruneScanColumns: OptimizerRule = {
  name: 'prune_scan_columns',
  rewrite(node: LogicalPlan): LogicalPlan | undefined {
    if (node.kind !== 'Sink') return undefined;
    // The sink writes every column its input delivers: when no projection sits
    // between them (`SELECT *`, once the identity projection is gone), those are
    // source columns and must be decoded.
    let used = new Set<string>();
    let aggregated = false;
    for (let n: LogicalPlan | undefined = node; n; n = inputsOf(n)[0]) {
      // A projection or aggregate computes its own columns: the names read above it are not source columns.
      if (n.kind === 'Projection' || n.kind === 'Aggregate') used = new Set();
      if (n.kind === 'Aggregate') aggregated = true;
      // An aggregate query's FAILED ROWS INTO writes the rows the rules judged whole: every column of the stream.
      if (n.kind === 'QualityCheck' && aggregated && node.routes.failed) return undefined;
      for (const e of expressionsOf(n)) columnsOf(e, used);
      if (n.kind === 'StreamScan' || n.kind === 'TableScan') {
        const kept = n.schema.filter((c) => used.has(c.name));
        if (kept.length === n.schema.length) return undefined;
        return replaceScan(node, { ...n, schema: kept });
      }
    }
    return undefined;
  },
};

/** Rebuilds the path from `root` to its scan, with the new scan's schema flowing up through pass-through nodes. */
function replaceScan(root: LogicalPlan, scan: LogicalPlan): LogicalPlan {
  if (root.kind === 'StreamScan' || root.kind === 'TableScan') return scan;
  const input = replaceScan(root.input, scan);
  // Nodes that pass their input's columns on must shrink with it: operators
  // above them address columns by position in this schema.
  if (root.kind === 'Filter') return { ...root, input, schema: notNullAfter(root.predicate, input.schema) };
  const passThrough = root.kind === 'Watermark' || root.kind === 'Dedup';
  if (passThrough) return { ...root, input, schema: input.schema } as LogicalPlan;
  // QualityCheck passes its input's columns on, then appends one per rule.
  if (root.kind === 'QualityCheck') return { ...root, input, schema: [...input.schema, ...root.schema.slice(root.input.schema.length)] };
  return { ...root, input } as LogicalPlan;
}
