import { BIGINT, DOUBLE, isNumeric, type SqlType } from '../../core/SqlType.js';
import { everyArg, type ScalarFunctionDef } from './FunctionDef.js';

/** The argument's own numeric type. */
const sameNumber = (args: readonly SqlType[]) => (args.every(isNumeric) ? args[0]! : 'a number');
const double = (args: readonly SqlType[]) => (args.every(isNumeric) ? DOUBLE : 'numbers');
/** Only the first argument is checked: round's digits are any value read as a number. */
const firstNumberAs = (result: SqlType) => (args: readonly SqlType[]) => (isNumeric(args[0]!) ? result : 'a number');
const number = everyArg(DOUBLE);

export const MATH_FUNCTIONS: readonly ScalarFunctionDef[] = [
  { kind: 'scalar', name: 'abs', minArgs: 1, maxArgs: 1, returns: sameNumber, infer: number, volatility: 'immutable', nulls: 'strict', impl: ([n]) => Math.abs(n as number) },
  {
    kind: 'scalar',
    name: 'round',
    minArgs: 1,
    maxArgs: 2,
    returns: firstNumberAs(DOUBLE),
    infer: number,
    volatility: 'immutable',
    nulls: 'strict',
    // Half away from zero, as Oracle's ROUND does; Math.round would take -2.5 to -2.
    impl: ([n, digits = 0]) => {
      const scale = 10 ** (digits as number);
      return (Math.sign(n as number) * Math.round(Math.abs(n as number) * scale)) / scale;
    },
  },
  { kind: 'scalar', name: 'floor', minArgs: 1, maxArgs: 1, returns: firstNumberAs(BIGINT), infer: number, volatility: 'immutable', nulls: 'strict', impl: ([n]) => Math.floor(n as number) },
  { kind: 'scalar', name: 'ceil', minArgs: 1, maxArgs: 1, returns: firstNumberAs(BIGINT), infer: number, volatility: 'immutable', nulls: 'strict', impl: ([n]) => Math.ceil(n as number) },
  { kind: 'scalar', name: 'sqrt', minArgs: 1, maxArgs: 1, returns: double, infer: number, volatility: 'immutable', nulls: 'strict', nullOtherwise: true, impl: ([n]) => ((n as number) < 0 ? null : Math.sqrt(n as number)) },
  { kind: 'scalar', name: 'power', minArgs: 2, maxArgs: 2, returns: double, infer: number, volatility: 'immutable', nulls: 'strict', impl: ([b, e]) => (b as number) ** (e as number) },
  { kind: 'scalar', name: 'ln', minArgs: 1, maxArgs: 1, returns: double, infer: number, volatility: 'immutable', nulls: 'strict', nullOtherwise: true, impl: ([n]) => ((n as number) <= 0 ? null : Math.log(n as number)) },
  { kind: 'scalar', name: 'exp', minArgs: 1, maxArgs: 1, returns: double, infer: number, volatility: 'immutable', nulls: 'strict', impl: ([n]) => Math.exp(n as number) },
];
