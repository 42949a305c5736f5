import { runTask } from '../child/runTask.js';
import type { BenchContext, Result, Scenario } from '../Scenario.js';

/** A decode limit: one record format through the runtime's decoder, in memory, in a child process. */
function decodeLimit(id: string, format: 'json' | 'csv'): Scenario {
  return {
    id,
    async run(ctx: BenchContext): Promise<Result[]> {
      const title = `decode ${format.toUpperCase()} orders → rows (in memory)`;
      ctx.progress(`${id} ${title}`);
      const { value: v, peakRssMb } = await runTask('decodeRecords', {
        format,
        records: ctx.options.quick ? 100_000 : 500_000,
        batch: 10_000,
      });
      const note = v.deadLetters > 0 ? `${v.deadLetters} dead letters` : `${(v.bytes / v.records).toFixed(0)} bytes a record`;
      return [{ id, title, records: v.records, seconds: v.seconds, rate: v.rate, peakRssMb, note, details: { ...v } }];
    },
  };
}

/** L11–L12: what decoding alone costs per format, beside the consume limits. */
export const decodeLimits: readonly Scenario[] = [decodeLimit('L11', 'json'), decodeLimit('L12', 'csv')];
