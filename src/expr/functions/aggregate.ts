import { decimalAvgType, decimalSumType } from '../../core/decimalTypes.js';
import { BIGINT, DOUBLE, isNumeric, STRING } from '../../core/SqlType.js';
import type { Accumulator } from './Accumulator.js';
import { everyArg, type AggregateFunctionDef } from './FunctionDef.js';

const same = (x: unknown) => x;

const count: Accumulator = {
  init: () => 0,
  add: (acc, v) => (v === null ? acc : (acc as number) + 1),
  merge: (a, b) => (a as number) + (b as number),
  result: same,
  save: same,
  load: same,
};

const sum: Accumulator = {
  init: () => null,
  add: (acc, v) => (v === null ? acc : ((acc as number | null) ?? 0) + (v as number)),
  merge: (a, b) => (a === null ? b : b === null ? a : (a as number) + (b as number)),
  result: same,
  save: same,
  load: same,
};

const avg: Accumulator = {
  init: () => [0, 0],
  add: (acc, v) => {
    if (v !== null) {
      const a = acc as [number, number];
      a[0] += v as number;
      a[1] += 1;
    }
    return acc;
  },
  merge: (a, b) => {
    const [x, y] = [a as [number, number], b as [number, number]];
    x[0] += y[0];
    x[1] += y[1];
    return x;
  },
  result: (acc) => {
    const [total, n] = acc as [number, number];
    return n === 0 ? null : total / n;
  },
  save: same,
  load: same,
};

const extreme = (better: (a: never, b: never) => boolean): Accumulator => ({
  init: () => null,
  add: (acc, v) => (v === null ? acc : acc === null || better(v as never, acc as never) ? v : acc),
  merge: (a, b) => (b === null ? a : a === null || better(b as never, a as never) ? b : a),
  result: same,
  save: same,
  load: same,
});

export const AGGREGATE_FUNCTIONS: readonly AggregateFunctionDef[] = [
  { kind: 'aggregate', name: 'count', star: true, returns: () => BIGINT, nullable: false, accumulator: count },
  {
    kind: 'aggregate',
    name: 'sum',
    star: false,
    returns: (arg) =>
      !arg || !isNumeric(arg)
        ? 'a number'
        : arg.kind === 'INT' || arg.kind === 'BIGINT'
          ? BIGINT
          : arg.kind === 'DECIMAL'
            ? decimalSumType(arg)
            : arg,
    nullable: true,
    infer: everyArg(DOUBLE),
    accumulator: sum,
  },
  {
    kind: 'aggregate',
    name: 'avg',
    star: false,
    returns: (arg) => (arg && isNumeric(arg) ? (arg.kind === 'DECIMAL' ? decimalAvgType(arg) : DOUBLE) : 'a number'),
    nullable: true,
    infer: everyArg(DOUBLE),
    accumulator: avg,
  },
  // min/max of their argument's type, so their use types it (`max(x) > 3`).
  {
    kind: 'aggregate',
    name: 'min',
    star: false,
    returns: (arg) => arg ?? STRING,
    nullable: true,
    infer: 'result',
    accumulator: extreme((a, b) => a < b),
  },
  {
    kind: 'aggregate',
    name: 'max',
    star: false,
    returns: (arg) => arg ?? STRING,
    nullable: true,
    infer: 'result',
    accumulator: extreme((a, b) => a > b),
  },
];
