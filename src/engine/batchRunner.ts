import type { K2oConfig } from '../config/K2oConfig.js';
import { createCopyTarget, createTableSource } from '../connectors/createBatchConnectors.js';
import { createSink } from '../connectors/createConnectors.js';
import type { SinkExec } from '../plan/physical/PhysicalPlan.js';
import { BatchCopyRunner } from '../runtime/batch/BatchCopyRunner.js';
import { BatchReadRunner, type BatchRunnerOptions } from '../runtime/batch/BatchReadRunner.js';

/**
 * The runner of a query over a table: into a table, a batch copy (all or
 * nothing, by its batch mode); into anything else (the console), a batch read
 * whose micro-batches the sink takes one by one.
 */
export async function batchRunner(plan: SinkExec, config: K2oConfig, opts: BatchRunnerOptions): Promise<BatchReadRunner | BatchCopyRunner> {
  const target = await createCopyTarget(plan, config);
  if (target) return new BatchCopyRunner(plan, () => createTableSource(plan, config), target, opts);
  return new BatchReadRunner(plan, await createTableSource(plan, config), await createSink(plan, config), opts);
}
