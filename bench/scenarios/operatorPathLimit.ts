import { runTask } from '../child/runTask.js';
import type { BenchContext, Result, Scenario } from '../Scenario.js';

/** L13: S1's decode, operators and COPY encoding in memory, in a child process: the query's own work per record, by stage. */
export const operatorPathLimit: Scenario = {
  id: 'L13',
  async run(ctx: BenchContext): Promise<Result[]> {
    const title = "S1's decode + operators + COPY encoding (in memory)";
    ctx.progress(`L13 ${title}`);
    const { value: v, peakRssMb } = await runTask('operatorPath', { records: ctx.options.quick ? 100_000 : 500_000, batch: 10_000 });
    const ns = (x: number) => `${Math.round(x).toLocaleString('en')} ns`;
    const note = `per record: decode ${ns(v.decodeNs)}, operators ${ns(v.operatorsNs)}, encoding ${ns(v.encodeNs)}; ${v.rowsOut.toLocaleString('en')} rows out`;
    return [{ id: 'L13', title, records: v.records, seconds: v.seconds, rate: v.rate, peakRssMb, note, details: { ...v } }];
  },
};
