import { runTask } from '../child/runTask.js';
import { produceOrders, TOPIC_PREFIX } from '../data/loadOrders.js';
import { s2Query } from '../queries.js';
import type { BenchContext, Result, Scenario } from '../Scenario.js';
import type { StateSample } from '../tasks/runQuery.js';
import { orderStream } from '../../tools/data/orders.js';
import { resetQueryTable } from './resetQueryTable.js';

const KEYS = 10_000;
/** 10 ms of event time per order: a 5-minute window holds ~30,000 orders, so nearly every key is in every window. */
const STEP_MS = 10;
const TABLE = 'bench_s10';
/** How often the harness reads what the sink stores of the state. */
const STORED_POLL_MS = 2_000;

interface StoredSample {
  readonly at: number;
  readonly entries: number;
  readonly bytes: number;
}

/**
 * S10: state that stays small. A tumbling 5-minute window per customer over
 * 10,000 customers and 5 million orders (1 million with --quick), 14 hours of
 * event time: windows close all through the run, so the state (rows held,
 * process RSS, entries stored in k2o_state_entries) must stay flat instead of
 * growing with the records read. Samples of each over the run are in the JSON
 * file; the row reports the spread after the first window closed.
 */
export const stateScenario: Scenario = {
  id: 'S10',
  async run(ctx: BenchContext): Promise<Result[]> {
    const records = ctx.options.quick ? 1_000_000 : 5_000_000;
    ctx.progress(`S10 loading ${records.toLocaleString('en')} orders over ${KEYS.toLocaleString('en')} customers`);
    const orders = orderStream({ count: records, seed: 7, customers: KEYS, stepMs: STEP_MS, lateShare: 0.05, maxLatenessMs: 30_000 });
    const load = await produceOrders(ctx.kafka, `${TOPIC_PREFIX}${ctx.runId}_state`, orders, ctx.dataset.partitions);
    await resetQueryTable(ctx.db, TABLE);
    ctx.progress(`S10 tumbling window, ${KEYS.toLocaleString('en')} keys`);
    const stored: StoredSample[] = [];
    const started = Date.now();
    const poll = setInterval(() => {
      void storedState(ctx, TABLE).then((s) => s && stored.push({ at: Date.now() - started, ...s }));
    }, STORED_POLL_MS);
    let v;
    let peakRssMb;
    try {
      ({ value: v, peakRssMb } = await runTask('runQuery', {
        brokers: ctx.brokers,
        postgresUrl: ctx.postgresUrl,
        query: s2Query(load.dataset.topic, TABLE, 'AVAILABLE NOW'),
        sampleEveryRecords: Math.round(records / 100),
      }));
    } finally {
      clearInterval(poll);
    }
    if (v.records !== records) throw new Error(`S10 read ${v.records} records, expected ${records}`);
    const samples = v.samples ?? [];
    // From the first window's close on (a tenth of the run is well past it: 5 minutes is ~30,000 orders).
    const settled = samples.filter((s) => s.records >= records / 10);
    const spread = (xs: readonly number[], digits = 0) =>
      xs.length === 0 ? 'n/a' : `${Math.min(...xs).toFixed(digits)}–${Math.max(...xs).toFixed(digits)}`;
    const storedSettled = stored.slice(Math.floor(stored.length / 10));
    return [
      {
        id: 'S10',
        title: `tumbling 5 min, ${KEYS.toLocaleString('en')} keys, state over ${(records / 1e6).toFixed(0)}M records`,
        records: v.records,
        rowsOut: v.rowsOut,
        seconds: v.seconds,
        rate: v.rate,
        peakRssMb,
        note:
          `after the first 10%: state rows ${spread(settled.map((s) => s.stateRows))}, RSS ${spread(settled.map((s) => s.rssMb))} MB, ` +
          `heap ${spread(settled.map((s) => s.heapUsedMb))} MB; stored entries ${spread(storedSettled.map((s) => s.entries))}, ` +
          `${spread(
            storedSettled.map((s) => s.bytes / 2 ** 20),
            1,
          )} MB; per batch ${(v.stateWrites.put / v.batches).toFixed(0)} entries written, ` +
          `${(v.stateWrites.deleted / v.batches).toFixed(0)} deleted, ${(v.stateWrites.bytes / v.batches / 1024).toFixed(0)} KiB`,
        details: {
          ...v,
          stored,
          samples: samples satisfies readonly StateSample[],
          load: { seconds: load.seconds, bytes: load.dataset.bytes },
        },
      },
    ];
  },
};

/** What k2o_state_entries holds for the query now; undefined before the sink created it. */
async function storedState(ctx: BenchContext, queryId: string): Promise<{ entries: number; bytes: number } | undefined> {
  try {
    const r = await ctx.db.query<{ entries: string; bytes: string }>(
      'SELECT count(*) AS entries, coalesce(sum(octet_length(key) + octet_length(value)), 0) AS bytes FROM k2o_state_entries WHERE query_id = $1',
      [queryId],
    );
    return { entries: Number(r.rows[0]!.entries), bytes: Number(r.rows[0]!.bytes) };
  } catch {
    return undefined;
  }
}
