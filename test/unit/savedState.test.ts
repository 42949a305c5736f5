import { describe, expect, it, vi } from 'vitest';
import { compile } from '../../src/compile.js';
import type { SinkExec } from '../../src/plan/physical/PhysicalPlan.js';
import { buildOperators, type OperatorChain } from '../../src/runtime/buildOperators.js';
import { decodeJson } from '../../src/runtime/decode/decodeJson.js';
import type { BatchContext } from '../../src/runtime/exec/Operator.js';
import { partitionKey } from '../../src/runtime/ports/partitionKey.js';
import type { SourceRecord } from '../../src/runtime/ports/Source.js';
import { restoreState, saveState } from '../../src/runtime/state/savedState.js';

const QUERY = (
  window: string,
) => `CREATE STREAM orders (order_id STRING, amount DOUBLE, ts TIMESTAMP, WATERMARK FOR ts AS ts - INTERVAL '30' SECOND);
SELECT window(ts, '${window}'), sum(amount) AS total, count(*) AS n FROM KAFKA orders DEDUPLICATE ON (order_id) WITHIN '1 hour'
GROUP BY window(ts, '${window}') INTO POSTGRES order_totals;`;

function plan(text: string): SinkExec {
  const r = compile(text);
  expect(r.diagnostics).toEqual([]);
  return r.queries[0]!.physical;
}

const record = (partition: number, value: object): SourceRecord => ({
  topic: 'orders',
  partition,
  offset: '0',
  timestamp: 0,
  key: null,
  value: Buffer.from(JSON.stringify(value)),
});
const RECORDS = [
  record(0, { order_id: 'a', amount: 10, ts: '2024-01-01T00:00:10Z' }),
  record(1, { order_id: 'b', amount: 5, ts: '2024-01-01T00:00:20Z' }),
];

/** One batch through the chain, as the runner runs it; the watermark after it. */
function runBatch(chain: OperatorChain, records: readonly SourceRecord[], watermark = -Infinity): number {
  const decoded = decodeJson(records, chain.source.schema, { queryId: chain.sink.queryId, batchStartedAt: 0 });
  const ctx: BatchContext = {
    watermark,
    nextWatermark: watermark,
    sourcePartitions: decoded.partitions,
    pendingPartitions: new Set(),
    lateRows: 0,
  };
  let rows = decoded.rows;
  for (const op of chain.operators) rows = op.process(rows, ctx);
  return ctx.nextWatermark;
}

/**
 * The state committed by k2o before operators had stable ids, for QUERY('1 minute')
 * after RECORDS: operators filed under their EXPLAIN lines, partitions spelled topic/partition.
 */
const LEGACY_STATE =
  '{"watermark":1704067180000,"operators":{"WatermarkExec: ts - 30 seconds":{"orders/0":1704067210000,"orders/1":1704067220000},' +
  '"DedupExec: keys=[order_id] within=1 hour by ts":[["[\\"a\\"]",1704067210000],["[\\"b\\"]",1704067220000]],' +
  '"TumblingWindowAggregateExec: tumbling(ts, 1 minute) groupBy=[] aggr=[sum(amount) AS total, count(*) AS n] emit=append":[[1704067200000,[["",[],[15,2]]]]]}}';

describe('operator ids: what saved state is filed under', () => {
  // Part of the saved-state format: an id that changes makes every running query refuse its own state.
  const IDS = ['WatermarkExec#0:3830acb533c7', 'DedupExec#1:0f3f0873fd99', 'TumblingWindowAggregateExec#2:8aca951d0b52'];

  it('are kind, position in the chain and a hash of the parameters, the same in every build', () => {
    expect(buildOperators(plan(QUERY('1 minute'))).operators.map((op) => op.id)).toEqual(IDS);
  });

  it('do not change when EXPLAIN is worded differently', async () => {
    vi.resetModules();
    vi.doMock('../../src/plan/physical/displayPhysical.js', () => ({
      displayPhysical: () => 'reworded',
      describePhysical: () => 'reworded',
    }));
    try {
      const reworded = await import('../../src/compile.js');
      const { explainQuery } = await import('../../src/explain.js');
      const { buildOperators: build } = await import('../../src/runtime/buildOperators.js');
      const q = reworded.compile(QUERY('1 minute')).queries[0]!;
      expect(explainQuery(q)).toContain('== Physical plan ==\nreworded');
      expect(build(q.physical).operators.map((op) => op.id)).toEqual(IDS);
    } finally {
      vi.doUnmock('../../src/plan/physical/displayPhysical.js');
      vi.resetModules();
    }
  });

  it('change with what the state means: another window gives the aggregate another id, the rest keep theirs', () => {
    const ids = buildOperators(plan(QUERY('2 minutes'))).operators.map((op) => op.id);
    expect(ids.slice(0, 2)).toEqual(IDS.slice(0, 2));
    expect(ids[2]).toMatch(/^TumblingWindowAggregateExec#2:/);
    expect(ids[2]).not.toBe(IDS[2]);
    const longerDedup = plan(QUERY('1 minute').replace("WITHIN '1 hour'", "WITHIN '2 hours'"));
    expect(buildOperators(longerDedup).operators.map((op) => op.id)[1]).not.toBe(IDS[1]);
  });
});

describe('saved state', () => {
  it('restores into the same plan: the next commit saves exactly what the last one did', () => {
    const first = buildOperators(plan(QUERY('1 minute')));
    const watermark = runBatch(first, RECORDS);
    const text = saveState(first, watermark).text;
    expect(Object.keys(JSON.parse(text).operators)).toEqual(first.operators.map((op) => op.id));
    // Built piece by piece, it is still the text JSON.stringify gives for the same state.
    expect(JSON.stringify(JSON.parse(text))).toBe(text);
    expect(saveState(first, watermark).bytes.size).toBe(first.operators.filter((op) => op.snapshot).length);
    const restarted = buildOperators(plan(QUERY('1 minute')));
    expect(restoreState(restarted, text, 'order_totals')).toBe(watermark);
    expect(saveState(restarted, watermark).text).toBe(text);
  });

  it('refuses state made by a different plan', () => {
    const first = buildOperators(plan(QUERY('1 minute')));
    const text = saveState(first, runBatch(first, RECORDS)).text;
    expect(() => restoreState(buildOperators(plan(QUERY('2 minutes'))), text, 'order_totals')).toThrow(
      /^the state committed by query order_totals was made by a different plan \(DedupExec#1:.*; TumblingWindowAggregateExec#2:.*; WatermarkExec#0:.*\); run the changed query under a new name, WITH \(name = '\.\.\.'\), to start it afresh$/,
    );
  });

  it('restores state saved before stable ids (keys = EXPLAIN lines, partitions as topic/partition) as the same state', () => {
    const current = buildOperators(plan(QUERY('1 minute')));
    const watermark = runBatch(current, RECORDS);
    const restarted = buildOperators(plan(QUERY('1 minute')));
    expect(restoreState(restarted, LEGACY_STATE, 'order_totals')).toBe(watermark);
    expect(saveState(restarted, watermark).text).toBe(saveState(current, watermark).text);
    expect(Object.keys(JSON.parse(saveState(restarted, watermark).text).operators['WatermarkExec#0:3830acb533c7'])).toEqual([
      partitionKey('orders', 0),
      partitionKey('orders', 1),
    ]);
  });

  it('refuses state saved before stable ids by a different plan, naming its EXPLAIN lines', () => {
    expect(() => restoreState(buildOperators(plan(QUERY('2 minutes'))), LEGACY_STATE, 'order_totals')).toThrow(
      /made by a different plan \(DedupExec: keys=\[order_id\] within=1 hour by ts; TumblingWindowAggregateExec: tumbling\(ts, 1 minute\) .*; WatermarkExec: ts - 30 seconds\)/,
    );
    const withoutDedup = plan(QUERY('1 minute').replace("DEDUPLICATE ON (order_id) WITHIN '1 hour'", ''));
    expect(() => restoreState(buildOperators(withoutDedup), LEGACY_STATE, 'order_totals')).toThrow(/different plan/);
  });
});
