import { describe, expect, it, vi } from 'vitest';
import { compile } from '../../src/compile.js';
import type { SinkExec } from '../../src/plan/physical/PhysicalPlan.js';
import { buildOperators, type OperatorChain } from '../../src/runtime/buildOperators.js';
import { decodeJson } from '../../src/runtime/decode/decodeJson.js';
import type { BatchContext } from '../../src/runtime/exec/Operator.js';
import { partitionKey } from '../../src/runtime/ports/partitionKey.js';
import type { SourceRecord } from '../../src/runtime/ports/Source.js';
import type { StateCommit, StateEntry, StoredState } from '../../src/runtime/ports/StateEntries.js';
import { EntrySizes, restoreState, saveState } from '../../src/runtime/state/savedState.js';

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

// Part of the saved-state format: an id that changes makes every running query refuse its own state.
const IDS = ['WatermarkExec#0:3830acb533c7', 'DedupExec#1:0f3f0873fd99', 'TumblingWindowAggregateExec#2:8aca951d0b52'];

describe('operator ids: what saved state is filed under', () => {
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

/** What a sink holds after `commits`: the last header, each entry as the last commit to touch it left it. */
function stored(...commits: StateCommit[]): StoredState {
  const entries = new Map<string, StateEntry>();
  for (const c of commits) {
    for (const d of c.deleted) entries.delete(`${d.operator} ${d.key}`);
    for (const e of c.put) entries.set(`${e.operator} ${e.key}`, e);
  }
  return { header: commits.at(-1)!.header, entries: [...entries.values()].reverse() };
}

const byKey = (entries: readonly StateEntry[]) =>
  [...entries].sort((a, b) => (`${a.operator} ${a.key}` < `${b.operator} ${b.key}` ? -1 : 1));

describe('saved state', () => {
  it('restores into the same plan: nothing to write afterwards, and the same changes as the uninterrupted chain', () => {
    const first = buildOperators(plan(QUERY('1 minute')));
    const watermark = runBatch(first, RECORDS);
    const commit = saveState(first, watermark, new EntrySizes()).commit;
    expect(JSON.parse(commit.header)).toEqual({ format: 3, watermark, operators: first.operators.map((op) => op.id) });
    // Two dedup keys, two partition maxima, one window's group.
    expect(commit.put.map((e) => e.operator)).toEqual([IDS[0], IDS[0], IDS[1], IDS[1], IDS[2]]);
    expect(commit.deleted).toEqual([]);
    const restarted = buildOperators(plan(QUERY('1 minute')));
    expect(restoreState(restarted, stored(commit), 'order_totals')).toBe(watermark);
    const again = saveState(restarted, watermark, new EntrySizes()).commit;
    expect(again).toEqual({ header: commit.header, put: [], deleted: [] });
    const next = [record(0, { order_id: 'c', amount: 1, ts: '2024-01-01T00:00:30Z' })];
    expect(byKey(saveState(restarted, runBatch(restarted, next, watermark), new EntrySizes()).commit.put)).toEqual(
      byKey(saveState(first, runBatch(first, next, watermark), new EntrySizes()).commit.put),
    );
  });

  it('commits only what a batch changed, and deletes the entries of a window once it closes', () => {
    const chain = buildOperators(plan(QUERY('1 minute')));
    const sizes = new EntrySizes();
    let watermark = runBatch(chain, RECORDS);
    const commits = [saveState(chain, watermark, sizes).commit];
    // Partition 1 only: its maximum and one dedup key change; the window's group takes the row too.
    watermark = runBatch(chain, [record(1, { order_id: 'c', amount: 1, ts: '2024-01-01T00:00:40Z' })], watermark);
    commits.push(saveState(chain, watermark, sizes).commit);
    expect(commits[1]!.put.map((e) => [e.operator, e.key])).toEqual([
      [IDS[0], partitionKey('orders', 1)],
      [IDS[1], '["c"]'],
      [IDS[2], '1704067200000/'],
    ]);
    // Both partitions past 00:01:30: the watermark (30 s behind) closes the first minute.
    watermark = runBatch(
      chain,
      [
        record(0, { order_id: 'd', amount: 2, ts: '2024-01-01T00:01:40Z' }),
        record(1, { order_id: 'e', amount: 3, ts: '2024-01-01T00:01:45Z' }),
      ],
      watermark,
    );
    const closing = saveState(chain, watermark, sizes);
    commits.push(closing.commit);
    expect(closing.commit.deleted).toEqual([{ operator: IDS[2]!, keyGroup: expect.any(Number) as number, key: '1704067200000/' }]);
    expect(closing.bytes.get(IDS[1]!)).toBeGreaterThan(0);
    const restarted = buildOperators(plan(QUERY('1 minute')));
    expect(restoreState(restarted, stored(...commits), 'order_totals')).toBe(watermark);
    expect(restarted.operators.map((op) => op.state?.rows?.())).toEqual(chain.operators.map((op) => op.state?.rows?.()));
  });

  it('refuses state made by a different plan', () => {
    const first = buildOperators(plan(QUERY('1 minute')));
    const commit = saveState(first, runBatch(first, RECORDS), new EntrySizes()).commit;
    expect(() => restoreState(buildOperators(plan(QUERY('2 minutes'))), stored(commit), 'order_totals')).toThrow(
      /^the state committed by query order_totals was made by a different plan \(DedupExec#1:.*; TumblingWindowAggregateExec#2:.*; WatermarkExec#0:.*\); run the changed query under a new name, WITH \(name = '\.\.\.'\), to start it afresh$/,
    );
  });

  it('restores state saved before stable ids (keys = EXPLAIN lines, partitions as topic/partition), and writes it all as entries next', () => {
    const current = buildOperators(plan(QUERY('1 minute')));
    const watermark = runBatch(current, RECORDS);
    const restarted = buildOperators(plan(QUERY('1 minute')));
    expect(restoreState(restarted, { header: LEGACY_STATE, entries: [] }, 'order_totals')).toBe(watermark);
    const migrated = saveState(restarted, watermark, new EntrySizes()).commit;
    expect(byKey(migrated.put)).toEqual(byKey(saveState(current, watermark, new EntrySizes()).commit.put));
    expect(migrated.put.filter((e) => e.operator === IDS[0]).map((e) => e.key)).toEqual([
      partitionKey('orders', 0),
      partitionKey('orders', 1),
    ]);
  });

  it('restores a whole-state snapshot of format 2 the same way', () => {
    // LEGACY_STATE's operators filed under their ids, partitions spelled as partitionKey does: format 2.
    const legacy = JSON.parse(LEGACY_STATE) as { watermark: number; operators: Record<string, unknown> };
    const [, dedup, aggregate] = Object.values(legacy.operators);
    const maxima = { [partitionKey('orders', 0)]: 1704067210000, [partitionKey('orders', 1)]: 1704067220000 };
    const format2 = JSON.stringify({
      format: 2,
      watermark: legacy.watermark,
      operators: { [IDS[0]!]: maxima, [IDS[1]!]: dedup, [IDS[2]!]: aggregate },
    });
    const current = buildOperators(plan(QUERY('1 minute')));
    const watermark = runBatch(current, RECORDS);
    const restarted = buildOperators(plan(QUERY('1 minute')));
    expect(restoreState(restarted, { header: format2, entries: [] }, 'order_totals')).toBe(watermark);
    expect(byKey(saveState(restarted, watermark, new EntrySizes()).commit.put)).toEqual(
      byKey(saveState(current, watermark, new EntrySizes()).commit.put),
    );
  });

  it('refuses state saved before stable ids by a different plan, naming its EXPLAIN lines', () => {
    expect(() => restoreState(buildOperators(plan(QUERY('2 minutes'))), { header: LEGACY_STATE, entries: [] }, 'order_totals')).toThrow(
      /made by a different plan \(DedupExec: keys=\[order_id\] within=1 hour by ts; TumblingWindowAggregateExec: tumbling\(ts, 1 minute\) .*; WatermarkExec: ts - 30 seconds\)/,
    );
    const withoutDedup = plan(QUERY('1 minute').replace("DEDUPLICATE ON (order_id) WITHIN '1 hour'", ''));
    expect(() => restoreState(buildOperators(withoutDedup), { header: LEGACY_STATE, entries: [] }, 'order_totals')).toThrow(
      /different plan/,
    );
  });
});
