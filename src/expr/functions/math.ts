import type { BoundExpr } from '../../core/BoundExpr.js';
import { decimalRoundType } from '../../core/decimalTypes.js';
import { BIGINT, DOUBLE, isNumeric, type SqlType } from '../../core/SqlType.js';
import { roundDouble } from '../roundDouble.js';
import { everyArg, unary, type ScalarFunctionDef } from './FunctionDef.js';

/** The argument's own numeric type. */
const sameNumber = (args: readonly SqlType[]) => (args.every(isNumeric) ? args[0]! : 'a number');
const double = (args: readonly SqlType[]) => (args.every(isNumeric) ? DOUBLE : 'numbers');
/** Only the first argument is checked: round's digits are any value read as a number. */
const firstNumberAs = (result: SqlType) => (args: readonly SqlType[]) => (isNumeric(args[0]!) ? result : 'a number');
const number = everyArg(DOUBLE);
/** round(DECIMAL, n) stays exact, at scale n when n is a constant; round of any other number is a DOUBLE. */
const rounded = (args: readonly SqlType[], bound?: readonly BoundExpr[]) => {
  if (!isNumeric(args[0]!)) return 'a number';
  if (args[0]!.kind !== 'DECIMAL') return DOUBLE;
  const digits = bound?.[1];
  return decimalRoundType(
    args[0]!,
    digits === undefined ? 0 : digits.kind === 'literal' && typeof digits.value === 'number' ? digits.value : undefined,
  );
};

export const MATH_FUNCTIONS: readonly ScalarFunctionDef[] = [
  unary('abs', sameNumber, number, (n) => Math.abs(n as number)),
  {
    kind: 'scalar',
    name: 'round',
    minArgs: 1,
    maxArgs: 2,
    returns: rounded,
    infer: number,
    volatility: 'immutable',
    nulls: 'strict',
    // A DECIMAL argument is rounded exactly (decimalCalls.ts); Math.round would take -2.5 to -2.
    impl: ([n, digits]) => roundDouble(n as number, digits as number | undefined),
  },
  unary('floor', firstNumberAs(BIGINT), number, (n) => Math.floor(n as number)),
  unary('ceil', firstNumberAs(BIGINT), number, (n) => Math.ceil(n as number)),
  unary('sqrt', double, number, (n) => ((n as number) < 0 ? null : Math.sqrt(n as number)), { nullOtherwise: true }),
  {
    kind: 'scalar',
    name: 'power',
    minArgs: 2,
    maxArgs: 2,
    returns: double,
    infer: number,
    volatility: 'immutable',
    nulls: 'strict',
    impl: ([b, e]) => (b as number) ** (e as number),
  },
  unary('ln', double, number, (n) => ((n as number) <= 0 ? null : Math.log(n as number)), { nullOtherwise: true }),
  unary('exp', double, number, (n) => Math.exp(n as number)),
];
