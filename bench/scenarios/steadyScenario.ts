import { runTask } from '../child/runTask.js';
import { createEmptyTopic } from '../data/loadOrders.js';
import { prepareOrders, produceAtRate, type RateResult } from '../data/produceAtRate.js';
import type { BenchContext, Result, Scenario } from '../Scenario.js';
import type { QuerySpec } from './queryScenario.js';
import { resetQueryTable } from './resetQueryTable.js';

/** Used when the base scenario did not run (--only): a rate this machine sustains comfortably. */
const FALLBACK_RATE = 5_000;
/** How long the query may take to commit the last records once production ended. */
const DRAIN_TIMEOUT_MS = 60_000;

/**
 * Latency at a steady load: the query runs CONTINUOUS on an empty topic while
 * the harness produces at a fixed share (50%) of the rate the same query
 * reached in its throughput scenario, so records do not queue; latency per
 * record = commit of its batch − its produce timestamp.
 */
export function steadyScenario(spec: QuerySpec & { readonly baseId: string }): Scenario {
  return {
    id: spec.id,
    ...(spec.quick !== undefined && { quick: spec.quick }),
    async run(ctx: BenchContext): Promise<Result[]> {
      const base = ctx.results.find((r) => r.id === spec.baseId)?.rate;
      const rate = base ? Math.round(base * ctx.options.steadyShare) : FALLBACK_RATE;
      const seconds = ctx.options.steadySeconds;
      ctx.progress(`${spec.id} ${spec.title}: ${rate.toLocaleString('en')} records/s for ${seconds} s`);
      const topic = await createEmptyTopic(
        ctx.kafka,
        `${ctx.runId}_${spec.id.toLowerCase().replace(/[^a-z0-9]/g, '_')}`,
        ctx.dataset.partitions,
      );
      await resetQueryTable(ctx.db, spec.table);
      const orders = prepareOrders(Math.round(rate * seconds));
      let produced: Promise<RateResult> | undefined;
      const { value: v, peakRssMb } = await runTask(
        'runQuery',
        { brokers: ctx.brokers, postgresUrl: ctx.postgresUrl, query: spec.query(topic, spec.table, 'CONTINUOUS'), announceReady: true },
        {
          onEvent: (event, child) => {
            if (event !== 'ready') return;
            produced = produceAtRate(ctx.kafka, topic, orders, rate, seconds);
            // The query stops once it has committed every record produced; should
            // production fail, or the query not catch up, stop it all the same.
            const stop = (): void => child.send('stop');
            produced.then((p) => {
              child.send(`stop after ${p.records}`);
              setTimeout(stop, DRAIN_TIMEOUT_MS).unref();
            }, stop);
          },
          timeoutMs: (seconds + 120) * 1000,
        },
      );
      const p = await produced!;
      return [
        {
          id: spec.id,
          title: spec.title,
          records: v.records,
          rowsOut: v.rowsOut,
          seconds: v.seconds,
          rate: v.rate,
          latency: { ...v.latency, kind: 'steady' },
          peakRssMb,
          note:
            `target ${rate.toLocaleString('en')}/s (${base ? `${(ctx.options.steadyShare * 100).toFixed(0)}% of ${spec.baseId}` : `fixed: ${spec.baseId} did not run`}), produced ${Math.round(p.rate).toLocaleString('en')}/s` +
            (v.records < p.records ? `; stopped with ${(p.records - v.records).toLocaleString('en')} records unread` : '') +
            (spec.latencyNote ? `; ${spec.latencyNote}` : ''),
          details: { ...v, targetRate: rate, produced: p },
        },
      ];
    },
  };
}
