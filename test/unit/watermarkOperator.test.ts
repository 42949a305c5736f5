import { describe, expect, it } from 'vitest';
import { STRING, TIMESTAMP } from '../../src/core/SqlType.js';
import type { BatchContext, Operator } from '../../src/runtime/exec/Operator.js';
import { watermarkOperator } from '../../src/runtime/exec/WatermarkOperator.js';
import { CommittedState } from '../helpers/committedState.js';
import type { Row, Schema } from '../../src/core/Schema.js';

const SCHEMA: Schema = [
  { name: 'id', type: STRING, nullable: true },
  { name: 'ts', type: TIMESTAMP, nullable: true },
];
const DELAY = 1000;

/** One batch: rows as [partition, event time] pairs. */
function batch(op: Operator, watermark: number, events: [string, number | null][]): { ctx: BatchContext; rows: Row[]; out: Row[] } {
  const rows: Row[] = events.map(([, t], i) => [`r${i}`, t]);
  const ctx: BatchContext = {
    watermark,
    nextWatermark: watermark,
    sourcePartitions: events.map(([p]) => p),
    pendingPartitions: new Set(),
    lateRows: 0,
  };
  const out = op.process(rows, ctx);
  return { ctx, rows, out };
}

/** Runs batches, carrying the watermark from one to the next as the runner does; returns the watermark after each. */
function watermarks(op: Operator, batches: [string, number | null][][], start = -Infinity): number[] {
  let wm = start;
  return batches.map((events) => (wm = batch(op, wm, events).ctx.nextWatermark));
}

describe('WatermarkOperator', () => {
  it('a partition with nothing unread and silent for the idle time stops holding the watermark back', () => {
    let now = 0;
    const op = watermarkOperator('ts', DELAY, SCHEMA, 30_000, () => now);
    const step = (events: [string, number][], pending: string[] = []) => {
      const ctx: BatchContext = {
        watermark: -Infinity,
        nextWatermark: -Infinity,
        sourcePartitions: events.map(([p]) => p),
        pendingPartitions: new Set(pending),
        lateRows: 0,
      };
      op.process(
        events.map(([, t], i) => [`r${i}`, t]),
        ctx,
      );
      return ctx.nextWatermark;
    };
    expect(
      step([
        ['t/0', 10_000],
        ['t/1', 10_000],
      ]),
    ).toBe(10_000 - DELAY);
    now = 20_000;
    expect(step([['t/0', 500_000]])).toBe(10_000 - DELAY);
    // t/1 still has unread records: it holds the watermark however long it is silent.
    now = 40_000;
    expect(step([['t/0', 600_000]], ['t/1'])).toBe(10_000 - DELAY);
    // Read to its end and silent for 30 s: t/1 no longer counts.
    expect(step([['t/0', 700_000]])).toBe(700_000 - DELAY);
  });

  it('waits for a partition with unread records that has delivered none, then counts it', () => {
    const op = watermarkOperator('ts', DELAY, SCHEMA);
    const rows: Row[] = [['a', 60_000]];
    const first: BatchContext = {
      watermark: -Infinity,
      nextWatermark: -Infinity,
      sourcePartitions: ['t/0'],
      pendingPartitions: new Set(['t/0', 't/1']),
      lateRows: 0,
    };
    op.process(rows, first);
    expect(first.nextWatermark).toBe(-Infinity);
    const second: BatchContext = {
      watermark: -Infinity,
      nextWatermark: -Infinity,
      sourcePartitions: ['t/1'],
      pendingPartitions: new Set(['t/0']),
      lateRows: 0,
    };
    op.process([['b', 5_000]], second);
    expect(second.nextWatermark).toBe(5_000 - DELAY);
    // A partition with nothing unread and never seen (an empty one) does not hold it back.
    const third: BatchContext = {
      watermark: second.nextWatermark,
      nextWatermark: second.nextWatermark,
      sourcePartitions: ['t/1'],
      pendingPartitions: new Set(),
      lateRows: 0,
    };
    op.process([['c', 70_000]], third);
    expect(third.nextWatermark).toBe(60_000 - DELAY);
  });

  it('is the smallest per-partition maximum, less the delay', () => {
    const op = watermarkOperator('ts', DELAY, SCHEMA);
    const { ctx } = batch(op, -Infinity, [
      ['t/0', 10_000],
      ['t/0', 50_000],
      ['t/1', 20_000],
      ['t/1', 15_000],
      ['t/2', 90_000],
    ]);
    // Maxima: t/0 50 s, t/1 20 s, t/2 90 s; the slowest partition decides.
    expect(ctx.nextWatermark).toBe(20_000 - DELAY);
  });

  it('matches the definition over random batches, and never moves back', () => {
    let seed = 12345;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let trial = 0; trial < 50; trial++) {
      const op = watermarkOperator('ts', DELAY, SCHEMA);
      const max = new Map<string, number>();
      let expected = -Infinity;
      let wm = -Infinity;
      for (let b = 0; b < 10; b++) {
        const events: [string, number | null][] = Array.from({ length: Math.floor(random() * 6) }, () => [
          `t/${Math.floor(random() * 3)}`,
          random() < 0.1 ? null : Math.floor(random() * 100_000),
        ]);
        for (const [p, t] of events) if (t !== null) max.set(p, Math.max(max.get(p) ?? -Infinity, t));
        if (max.size > 0) expected = Math.max(expected, Math.min(...max.values()) - DELAY);
        const next = batch(op, wm, events).ctx.nextWatermark;
        expect(next, `trial ${trial} batch ${b}`).toBe(expected);
        expect(next).toBeGreaterThanOrEqual(wm);
        wm = next;
      }
    }
  });

  it('never moves back, even when a slower partition appears late', () => {
    const op = watermarkOperator('ts', DELAY, SCHEMA);
    const wms = watermarks(op, [
      [['t/0', 60_000]],
      [['t/0', 40_000]],
      // A new partition with older records: its maximum is the new minimum, but the watermark stays.
      [['t/1', 10_000]],
      [['t/1', 30_000]],
      [['t/1', 80_000]],
    ]);
    expect(wms).toEqual([59_000, 59_000, 59_000, 59_000, 59_000]);
    // Once every partition has moved past it, it moves on.
    expect(watermarks(op, [[['t/0', 100_000]]], 59_000)).toEqual([79_000]);
  });

  it('does not move before any event, nor on rows without event time', () => {
    const op = watermarkOperator('ts', DELAY, SCHEMA);
    expect(watermarks(op, [[], [['t/0', null]]])).toEqual([-Infinity, -Infinity]);
    expect(watermarks(op, [[['t/0', 5000]]])).toEqual([4000]);
  });

  it('passes rows through unchanged', () => {
    const op = watermarkOperator('ts', DELAY, SCHEMA);
    const { rows, out } = batch(op, -Infinity, [
      ['t/0', 3],
      ['t/1', null],
    ]);
    expect(out).toBe(rows);
    expect(out).toEqual([
      ['r0', 3],
      ['r1', null],
    ]);
  });

  it('refuses rows not aligned with their partitions (it must sit right above the source)', () => {
    const op = watermarkOperator('ts', DELAY, SCHEMA);
    const ctx: BatchContext = {
      watermark: -Infinity,
      nextWatermark: -Infinity,
      sourcePartitions: ['t/0'],
      pendingPartitions: new Set(),
      lateRows: 0,
    };
    expect(() =>
      op.process(
        [
          ['a', 1],
          ['b', 2],
        ],
        ctx,
      ),
    ).toThrow(/directly above the source/);
  });

  it('needs its column in the input', () => {
    expect(() => watermarkOperator('nope', DELAY, SCHEMA)).toThrow(/nope/);
  });

  it('a restored operator continues where its committed entries left it', () => {
    const first = watermarkOperator('ts', DELAY, SCHEMA);
    const wm = watermarks(first, [
      [
        ['t/0', 50_000],
        ['t/1', 20_000],
      ],
    ]).at(-1)!;
    const saved = new CommittedState().commit(first);
    const restored = watermarkOperator('ts', DELAY, SCHEMA);
    saved.restoreInto(restored);
    // t/1 still holds the watermark back after the restart: only t/0 moved.
    expect(watermarks(restored, [[['t/0', 90_000]]], wm)).toEqual([19_000]);
    expect(watermarks(first, [[['t/0', 90_000]]], wm)).toEqual([19_000]);
    expect(watermarks(restored, [[['t/1', 70_000]]], 19_000)).toEqual([69_000]);
  });
});
