import { runTask } from '../child/runTask.js';
import type { BenchContext, Result, Scenario } from '../Scenario.js';

/** S3: compile time of every golden query in queries/*.ksql, in a fresh process. */
export const compileScenario: Scenario = {
  id: 'S3',
  async run(ctx: BenchContext): Promise<Result[]> {
    ctx.progress('S3 compile every golden query');
    const { value: v, peakRssMb } = await runTask('compileQueries', { dir: 'queries', repeats: ctx.options.quick ? 20 : 50 });
    const entries = Object.entries(v.perFile).sort((a, b) => a[1] - b[1]);
    const median = entries[Math.floor(entries.length / 2)]![1];
    const [slowest, slowestMs] = entries[entries.length - 1]!;
    const total = entries.reduce((s, [, ms]) => s + ms, 0);
    return [
      {
        id: 'S3',
        title: `compile ${entries.length} golden queries (warm, sum of medians)`,
        records: entries.length,
        millis: total,
        peakRssMb,
        note:
          `import ${v.loadMillis.toFixed(0)} ms, first compile ${v.firstMillis.toFixed(0)} ms; per query median ${median.toFixed(2)} ms, max ${slowestMs.toFixed(2)} ms (${slowest})` +
          (v.errors.length > 0 ? `; ${v.errors.length} with errors: ${v.errors.join(', ')}` : ''),
        details: { ...v },
      },
    ];
  },
};
