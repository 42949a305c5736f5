import { afterEach, describe, expect, it, vi } from 'vitest';
import { compile } from '../../src/compile.js';
import { STRING, TIMESTAMP, DOUBLE } from '../../src/core/SqlType.js';
import type { SourceRecord } from '../../src/runtime/ports/Source.js';
import { buildOperators } from '../../src/runtime/buildOperators.js';
import { decodeJson } from '../../src/runtime/decode/decodeJson.js';
import { dedupOperator } from '../../src/runtime/exec/DedupOperator.js';
import type { BatchContext, Operator } from '../../src/runtime/exec/Operator.js';
import { CommittedState } from '../helpers/committedState.js';
import type { Row, Schema } from '../../src/core/Schema.js';

/**
 * DedupExec: the first row of a key passes; the same key again within the
 * bound is dropped. The bound is event time when the query has a watermark
 * (keys are forgotten once the watermark is `within` past them), arrival time
 * otherwise; SELECT DISTINCT (within = Infinity) never forgets.
 */
const SCHEMA: Schema = [
  { name: 'id', type: STRING, nullable: true },
  { name: 'ts', type: TIMESTAMP, nullable: true },
  { name: 'v', type: DOUBLE, nullable: true },
];

const MIN = 60_000;
const HOUR = 60 * MIN;
const T0 = Date.UTC(2024, 4, 1, 10, 0, 0);

/** A batch context; `next` is the watermark after this batch (what WatermarkExec would set). */
function ctx(next = -Infinity, watermark = -Infinity): BatchContext {
  return { watermark, nextWatermark: next, sourcePartitions: [], pendingPartitions: new Set(), lateRows: 0 };
}

/** Feeds one batch; the ids (and event times) of the rows that passed. */
function feed(op: Operator, rows: Row[], next = -Infinity): string[] {
  return op.process(rows, ctx(next)).map((r) => `${String(r[0])}@${r[1] === null ? 'null' : ((r[1] as number) - T0) / MIN}`);
}

/** A row of SCHEMA: `minutes` after T0. */
const row = (id: string | null, minutes: number | null, v = 0): Row => [id, minutes === null ? null : T0 + minutes * MIN, v];

describe('DedupExec in event time (a watermark is declared)', () => {
  it('drops a key seen again within the bound, and lets it pass once the bound has passed', () => {
    const op = dedupOperator(['id'], HOUR, 'ts', SCHEMA);
    expect(feed(op, [row('a', 0), row('a', 10), row('b', 5)])).toEqual(['a@0', 'b@5']);
    expect(feed(op, [row('a', 59), row('b', 64), row('b', 65)])).toEqual(['b@65']);
    // Exactly `within` later is no longer a duplicate; from then on the bound runs from 60.
    expect(feed(op, [row('a', 60), row('a', 119)])).toEqual(['a@60']);
    expect(feed(op, [row('a', 120)])).toEqual(['a@120']);
  });

  it('measures the bound both ways: an out-of-order row within it is a duplicate too', () => {
    const op = dedupOperator(['id'], HOUR, 'ts', SCHEMA);
    expect(feed(op, [row('a', 30), row('a', 0), row('a', -31)])).toEqual(['a@30', 'a@-31']);
  });

  it('a row the bound or more behind the watermark is late: dropped, counted, never let through because its key was forgotten', () => {
    const op = dedupOperator(['id'], HOUR, 'ts', SCHEMA);
    expect(feed(op, [row('a', 0)], T0 + 2 * HOUR)).toEqual(['a@0']);
    expect(op.state!.rows!()).toBe(0);
    // The exact re-send of 'a', long after: its key is forgotten, but it is late (0 + 1 hour <= the watermark).
    const c = ctx(T0 + 2 * HOUR, T0 + 2 * HOUR);
    expect(op.process([row('a', 0), row('b', 60), row('c', 61)], c).map((r) => r[0])).toEqual(['c']);
    expect(c.lateRows).toBe(2);
    expect(op.state!.rows!()).toBe(1);
  });

  it('forgets a key once the watermark reaches first + within, not before', () => {
    const op = dedupOperator(['id'], HOUR, 'ts', SCHEMA);
    expect(feed(op, [row('a', 0), row('b', 30)], T0)).toEqual(['a@0', 'b@30']);
    expect(op.state!.rows!()).toBe(2);
    feed(op, [], T0 + HOUR - 1);
    expect(op.state!.rows!()).toBe(2);
    feed(op, [], T0 + HOUR);
    // 'a' (first seen at 0) is evicted; 'b' (30) stays until the watermark reaches 90.
    expect(op.state!.rows!()).toBe(1);
    // A late 'a' is no longer recognised (the price of bounded state); a late 'b' still is.
    expect(feed(op, [row('a', 1), row('b', 31)], T0 + HOUR)).toEqual(['a@1']);
    feed(op, [], T0 + 61 * MIN);
    expect(op.state!.rows!()).toBe(1);
    feed(op, [], T0 + 90 * MIN);
    expect(op.state!.rows!()).toBe(0);
  });

  it('keys are the tuple of key columns: commas and NULLs do not collide; NULL equals NULL', () => {
    const op = dedupOperator(['id', 'v'], HOUR, 'ts', [
      { name: 'id', type: STRING, nullable: true },
      { name: 'ts', type: TIMESTAMP, nullable: true },
      { name: 'v', type: STRING, nullable: true },
    ]);
    const rows: Row[] = [
      ['a,b', T0, 'c'],
      ['a', T0, 'b,c'],
      ['1', T0, null],
      ['1', T0, 'null'],
      [null, T0, null],
      [null, T0 + MIN, null],
    ];
    expect(op.process(rows, ctx()).map((r) => [r[0], r[2]])).toEqual([
      ['a,b', 'c'],
      ['a', 'b,c'],
      ['1', null],
      ['1', 'null'],
      [null, null],
    ]);
  });
});

describe('DedupExec in arrival time (no watermark)', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('measures the bound on the clock, whatever the rows event times say', () => {
    vi.useFakeTimers();
    vi.setSystemTime(T0);
    const op = dedupOperator(['id'], MIN, undefined, SCHEMA);
    expect(feed(op, [row('a', 0), row('a', 500)])).toEqual(['a@0']);
    vi.setSystemTime(T0 + 30_000);
    expect(feed(op, [row('a', -500), row('b', null)])).toEqual(['b@null']);
    vi.setSystemTime(T0 + MIN);
    expect(feed(op, [row('a', 0), row('b', 0)])).toEqual(['a@0']);
  });

  it('forgets keys by the clock, not by the watermark', () => {
    vi.useFakeTimers();
    vi.setSystemTime(T0);
    const op = dedupOperator(['id'], MIN, undefined, SCHEMA);
    feed(op, [row('a', 0)], T0 + 10 * HOUR);
    expect(op.state!.rows!()).toBe(1);
    vi.setSystemTime(T0 + MIN);
    feed(op, []);
    expect(op.state!.rows!()).toBe(0);
  });
});

describe('SELECT DISTINCT (within = Infinity)', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('never forgets a row, however far the clock and the watermark move', () => {
    vi.useFakeTimers();
    vi.setSystemTime(T0);
    const op = dedupOperator(['id', 'v'], Infinity, undefined, SCHEMA);
    expect(op.process([row('a', 0, 1), row('a', 0, 2), row('a', 5, 1)], ctx()).map((r) => r[2])).toEqual([1, 2]);
    vi.setSystemTime(T0 + 10 * 365 * 24 * HOUR);
    expect(op.process([row('a', 0, 1), row('b', 0, 1)], ctx(Number.MAX_SAFE_INTEGER)).map((r) => r[0])).toEqual(['b']);
    expect(op.state!.rows!()).toBe(3);
  });
});

describe('DedupExec state', () => {
  it('committed entries restored (through JSON, as they are stored with the offsets) keep every key and its time', () => {
    const first = dedupOperator(['id'], HOUR, 'ts', SCHEMA);
    const committed = new CommittedState();
    feed(first, [row('a', 0)]);
    committed.commit(first);
    feed(first, [row('b', 10)]);
    committed.commit(first);
    expect(committed.last).toEqual({ put: 1, deleted: 0 });

    const second = dedupOperator(['id'], HOUR, 'ts', SCHEMA);
    feed(second, [row('c', 0)]);
    committed.restoreInto(second);
    // Restored keys are duplicates within their bound; what the operator held before is gone.
    expect(feed(second, [row('a', 59), row('b', 69), row('b', 70), row('c', 1)])).toEqual(['b@70', 'c@1']);
  });

  it('a forgotten key is deleted from the committed entries; one seen and forgotten between two commits writes nothing', () => {
    const op = dedupOperator(['id'], HOUR, 'ts', SCHEMA);
    const committed = new CommittedState();
    feed(op, [row('a', 0)], T0);
    committed.commit(op);
    expect([...committed.entries.keys()]).toHaveLength(1);
    // 'b' arrives and is forgotten within the same batch; 'a' is forgotten too.
    feed(op, [row('b', 1)], T0 + 2 * HOUR);
    committed.commit(op);
    expect(committed.last).toEqual({ put: 0, deleted: 1 });
    expect(committed.entries.size).toBe(0);
  });

  it('restoring nothing starts empty', () => {
    const op = dedupOperator(['id'], HOUR, 'ts', SCHEMA);
    feed(op, [row('a', 0)]);
    op.state!.restore([], false);
    expect(op.state!.rows!()).toBe(0);
    expect(feed(op, [row('a', 1)])).toEqual(['a@1']);
  });
});

describe('DEDUPLICATE end to end: compile() → buildOperators → rows', () => {
  let offset = 0;
  const record = (value: object, partition = 0): SourceRecord => ({
    topic: 'orders',
    partition,
    offset: String(offset++),
    timestamp: 0,
    key: null,
    value: Buffer.from(JSON.stringify(value)),
  });

  it('drops duplicates by event time, with an unused column pruned from the scan', () => {
    // `note` is never read, so the scan decodes fewer columns than the stream
    // declares: the operators above must address the narrower rows.
    const r = compile(`
      CREATE STREAM orders (note STRING, order_id STRING, amount DOUBLE, ts TIMESTAMP,
        WATERMARK FOR ts AS ts - INTERVAL '1' SECOND);
      SELECT order_id, amount FROM KAFKA orders DEDUPLICATE ON (order_id) WITHIN '1 minute' INTO CONSOLE;`);
    expect(r.diagnostics).toEqual([]);
    const chain = buildOperators(r.queries[0]!.physical);
    expect(chain.source.schema.map((c) => c.name)).toEqual(['order_id', 'amount', 'ts']);
    const ts = (s: number) => new Date(T0 + s * 1000).toISOString();
    const batches = [
      [
        record({ note: 'x', order_id: 'o1', amount: 10, ts: ts(0) }),
        record({ order_id: 'o2', amount: 20, ts: ts(1) }),
        record({ order_id: 'o1', amount: 11, ts: ts(30) }),
      ],
      [
        record({ order_id: 'o1', amount: 12, ts: ts(59) }),
        record({ order_id: 'o1', amount: 13, ts: ts(60) }),
        record({ order_id: 'o2', amount: 21, ts: ts(200) }),
      ],
    ];
    let watermark = -Infinity;
    const out: Record<string, unknown>[] = [];
    for (const records of batches) {
      const decoded = decodeJson(records, chain.source.schema, { queryId: 'q', batchStartedAt: T0 });
      const c: BatchContext = {
        watermark,
        nextWatermark: watermark,
        sourcePartitions: decoded.partitions,
        pendingPartitions: new Set(),
        lateRows: 0,
      };
      let rows = decoded.rows;
      for (const op of chain.operators) rows = op.process(rows, c);
      watermark = c.nextWatermark;
      out.push(...rows.map((row) => Object.fromEntries(chain.sink.schema.map((col, i) => [col.name, row[i]]))));
    }
    expect(out).toEqual([
      { order_id: 'o1', amount: 10 },
      { order_id: 'o2', amount: 20 },
      { order_id: 'o1', amount: 13 },
      { order_id: 'o2', amount: 21 },
    ]);
  });
});
