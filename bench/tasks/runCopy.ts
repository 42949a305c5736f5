import { compile } from '../../src/compile.js';
import { batchRunner } from '../../src/engine/batchRunner.js';
import type { Logger } from '../../src/runtime/Logger.js';

export interface RunCopyParams {
  readonly postgresUrl: string;
  /** The .ksql text: the tables' declarations and one INSERT INTO … SELECT. */
  readonly query: string;
}

export interface RunCopyValue {
  readonly rows: number;
  readonly batches: number;
  /** From the runner's start to the copy's commit. */
  readonly seconds: number;
  readonly rate: number;
}

/** One batch copy through the runner `k2o run` builds for it, the real connectors at both ends. */
export async function run(p: RunCopyParams): Promise<RunCopyValue> {
  const compiled = compile(p.query);
  const q = compiled.queries[0];
  if (!q) throw new Error(`the benchmark copy does not compile: ${compiled.diagnostics.map((d) => d.message).join('; ')}`);
  const quiet: Logger = { info: () => {}, warn: () => {}, error: () => {} };
  const runner = await batchRunner(q.physical, { kafkaBrokers: [], urls: { postgres: p.postgresUrl } }, { log: quiet });
  const started = performance.now();
  const m = await runner.run();
  const seconds = (performance.now() - started) / 1000;
  return { rows: m.rowsOut, batches: m.batches, seconds, rate: m.rowsOut / seconds };
}
