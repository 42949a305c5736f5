import { unify } from '../../core/commonType.js';
import { STRING, UNKNOWN, type SqlType } from '../../core/SqlType.js';
import type { ScalarFunctionDef } from './FunctionDef.js';

/** The arguments' common type (numbers widen); `coalesce(amount, 'none')` has none. */
const common = (args: readonly SqlType[]) => {
  const t = args.reduce<SqlType | undefined>((acc, a) => acc && unify(acc, a), UNKNOWN);
  return t === undefined ? 'arguments of one type' : t.kind === 'UNKNOWN' ? STRING : t;
};
const isNull = (v: unknown) => v === null || v === undefined;

const NVL: ScalarFunctionDef = {
  kind: 'scalar',
  name: 'nvl',
  minArgs: 2,
  maxArgs: 2,
  returns: common,
  infer: 'result',
  volatility: 'immutable',
  nulls: 'called',
  impl: ([a, b]) => (isNull(a) ? (b ?? null) : a),
};

export const CONDITIONAL_FUNCTIONS: readonly ScalarFunctionDef[] = [
  // coalesce and nvl are about NULL, so they see it.
  {
    kind: 'scalar',
    name: 'coalesce',
    minArgs: 1,
    maxArgs: 64,
    returns: common,
    infer: 'result',
    volatility: 'immutable',
    nulls: 'called',
    impl: (args) => args.find((a) => !isNull(a)) ?? null,
  },
  NVL,
  // Spark's and MySQL's name for nvl.
  { ...NVL, name: 'ifnull' },
  {
    kind: 'scalar',
    name: 'greatest',
    minArgs: 1,
    maxArgs: 64,
    returns: common,
    infer: 'result',
    volatility: 'immutable',
    nulls: 'strict',
    impl: (args) => args.reduce((m, x) => ((x as number) > (m as number) ? x : m)),
  },
  {
    kind: 'scalar',
    name: 'least',
    minArgs: 1,
    maxArgs: 64,
    returns: common,
    infer: 'result',
    volatility: 'immutable',
    nulls: 'strict',
    impl: (args) => args.reduce((m, x) => ((x as number) < (m as number) ? x : m)),
  },
  {
    kind: 'scalar',
    name: 'nvl2',
    minArgs: 3,
    maxArgs: 3,
    // Oracle's: the second argument when the first is not NULL, else the third; the result is theirs.
    returns: (args) => common(args.slice(1)),
    volatility: 'immutable',
    nulls: 'called',
    impl: ([a, b, c]) => (isNull(a) ? (c ?? null) : (b ?? null)),
  },
];
