import type { K2oConfig } from '../config/K2oConfig.js';
import { createCopyTarget, createTableSource } from '../connectors/createBatchConnectors.js';
import { createSink } from '../connectors/createConnectors.js';
import type { SinkExec } from '../plan/physical/PhysicalPlan.js';
import { BatchCopyRunner } from '../runtime/batch/BatchCopyRunner.js';
import { BatchReadRunner, type BatchRunnerOptions } from '../runtime/batch/BatchReadRunner.js';

/** The runner of a query over a table: a batch copy (INSERT INTO … SELECT) or a batch read into any sink. */
export async function batchRunner(plan: SinkExec, config: K2oConfig, opts: BatchRunnerOptions): Promise<BatchReadRunner | BatchCopyRunner> {
  if (plan.copy) return new BatchCopyRunner(plan, () => createTableSource(plan, config), await createCopyTarget(plan, config), opts);
  return new BatchReadRunner(plan, await createTableSource(plan, config), await createSink(plan, config), opts);
}
