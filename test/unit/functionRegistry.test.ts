import { describe, expect, it } from 'vitest';
import { compile } from '../../src/compile.js';
import type { BoundCall, BoundExpr } from '../../src/core/BoundExpr.js';
import { STRING, UNKNOWN } from '../../src/core/SqlType.js';
import { compileExpr } from '../../src/expr/compileExpr.js';
import { FUNCTIONS } from '../../src/expr/functions/builtins.js';
import type { ScalarFunctionDef } from '../../src/expr/functions/FunctionDef.js';
import { FunctionRegistry } from '../../src/expr/functions/FunctionRegistry.js';
import { physicalInputs, type PhysicalPlan } from '../../src/plan/physical/PhysicalPlan.js';
import { foldExpr } from '../../src/plan/optimizer/constantFolding.js';
import { isDeterministic } from '../../src/plan/optimizer/exprHelpers.js';
import { accumulatorFor } from '../../src/runtime/exec/accumulators.js';

const scalars = FUNCTIONS.all().filter((d): d is ScalarFunctionDef => d.kind === 'scalar');
const NULL: BoundExpr = { kind: 'literal', value: null, type: UNKNOWN };
const callOf = (def: ScalarFunctionDef, args: readonly BoundExpr[] = Array(def.minArgs).fill(NULL)): BoundCall => ({
  kind: 'call',
  fn: def.name,
  args,
  type: STRING,
});
/** Names that are not functions: neither side may know them. */
const NOT_FUNCTIONS = ['uper', 'ln2', 'counts', 'sessions', 'window_start'];

/** The query the analyzer is given for a name: a call with as many arguments as the function takes at least. */
function queryCalling(name: string): string {
  const def = FUNCTIONS.get(name);
  if (def?.kind === 'window') return `SELECT ${name}(ts, '5 minutes'), count(*) AS n FROM KAFKA t INTO CONSOLE`;
  if (def?.kind === 'aggregate') return `SELECT b, ${name}(a) AS n FROM KAFKA t GROUP BY b INTO CONSOLE MODE UPDATE KEY (b)`;
  const arity = def?.kind === 'scalar' ? def.minArgs : 1;
  return `SELECT ${name}(${Array.from({ length: arity }, (_, i) => `c${i}`).join(', ')}) AS r FROM KAFKA t INTO CONSOLE`;
}

const analyzerAccepts = (name: string) => !compile(queryCalling(name)).diagnostics.some((d) => d.severity === 'error');

function planNodes(p: PhysicalPlan): PhysicalPlan[] {
  return [p, ...physicalInputs(p).flatMap(planNodes)];
}

/** Whether the runtime has what evaluates the name: an implementation, an accumulator, a window operator. */
function runtimeEvaluates(name: string): boolean {
  const def = FUNCTIONS.get(name);
  try {
    if (def?.kind === 'window') {
      const physical = compile(queryCalling(name)).queries[0]!.physical;
      return planNodes(physical).some((n) => n.kind.endsWith('WindowAggregateExec'));
    }
    if (def?.kind === 'aggregate') {
      const acc = accumulatorFor({ name: 'n', fn: def.name as never, arg: NULL, distinct: false });
      return acc.result(acc.add(acc.init(), 1)) !== undefined;
    }
    compileExpr({ kind: 'call', fn: name, args: [NULL], type: STRING }, [])([]);
    return true;
  } catch {
    return false;
  }
}

describe('the function registry', () => {
  it('gives every scalar function a signature, a volatility, a NULL behaviour and an implementation', () => {
    expect(scalars.length).toBeGreaterThan(30);
    for (const def of scalars) {
      expect(def.name, def.name).toBe(def.name.toLowerCase());
      expect(def.minArgs, def.name).toBeLessThanOrEqual(def.maxArgs);
      expect(typeof def.returns, def.name).toBe('function');
      expect(['immutable', 'volatile'], def.name).toContain(def.volatility);
      expect(['strict', 'strictFirst', 'called'], def.name).toContain(def.nulls);
      expect(typeof def.impl, def.name).toBe('function');
    }
  });

  it('gives every aggregate a result type and an accumulator', () => {
    const aggregates = FUNCTIONS.all().filter((d) => d.kind === 'aggregate');
    expect(aggregates.map((d) => d.name)).toEqual(['count', 'sum', 'avg', 'min', 'max']);
    for (const def of aggregates) {
      expect(typeof def.returns, def.name).toBe('function');
      for (const method of ['init', 'add', 'merge', 'result', 'save', 'load'] as const)
        expect(typeof def.accumulator[method], `${def.name}.${method}`).toBe('function');
    }
  });

  it('the names the analyzer accepts are exactly the names the runtime evaluates', () => {
    const candidates = [...FUNCTIONS.names(), ...NOT_FUNCTIONS];
    const accepted = candidates.filter(analyzerAccepts);
    const evaluated = candidates.filter(runtimeEvaluates);
    expect(accepted).toEqual(FUNCTIONS.names());
    expect(evaluated).toEqual(accepted);
  });

  it('every scalar function evaluates a call with its fewest arguments, all NULL, without throwing', () => {
    for (const def of scalars) expect(() => compileExpr(callOf(def), [])([]), def.name).not.toThrow();
  });

  it('applies each function’s NULL behaviour: strict functions give NULL for a NULL argument', () => {
    for (const def of scalars.filter((d) => d.nulls === 'strict' && d.minArgs > 0))
      expect(compileExpr(callOf(def), [])([]), def.name).toBeNull();
    expect(compileExpr(callOf(FUNCTIONS.scalar('concat')!, [NULL, { kind: 'literal', value: 'x', type: STRING }]), [])([])).toBe('x');
  });

  it('never folds a volatile function, and folds every immutable one over literals', () => {
    const volatile = scalars.filter((d) => d.volatility === 'volatile');
    expect(volatile.map((d) => d.name)).toEqual(['now', 'current_timestamp', 'current_date']);
    for (const def of scalars) {
      const call = callOf(def);
      expect(isDeterministic(call), def.name).toBe(def.volatility === 'immutable');
      if (def.volatility === 'volatile') expect(foldExpr(call), def.name).toBe(call);
      else expect(foldExpr(call).kind, def.name).toBe('literal');
    }
  });

  it('keeps a volatile call computed per row through the whole compiler', () => {
    const q = compile("SELECT now() AS t, current_date() AS d, upper('x') AS u FROM KAFKA t INTO CONSOLE").queries[0]!;
    const exprs =
      q.optimized.kind === 'Sink' && q.optimized.input.kind === 'Projection' ? q.optimized.input.exprs.map((n) => n.expr.kind) : [];
    expect(exprs).toEqual(['call', 'call', 'literal']);
  });

  it('suggests the closest registered name of any kind for an unknown function', () => {
    const hint = (name: string) => compile(queryCalling(name)).diagnostics.find((d) => d.code === 'K2002')?.hint;
    expect(hint('uper')).toBe('Did you mean upper()?');
    expect(hint('cout')).toBe('Did you mean count()?');
    expect(hint('sesion')).toBe('Did you mean session()?');
  });
});

describe('FunctionRegistry.register', () => {
  const shout: ScalarFunctionDef = {
    kind: 'scalar',
    name: 'shout',
    minArgs: 1,
    maxArgs: 1,
    returns: () => STRING,
    volatility: 'immutable',
    nulls: 'strict',
    impl: ([s]) => `${String(s)}!`,
  };

  it('adds a function found by its name in any case, listed after the others', () => {
    const registry = new FunctionRegistry(FUNCTIONS.all());
    registry.register(shout);
    expect(registry.scalar('SHOUT')).toBe(shout);
    expect(registry.names().at(-1)).toBe('shout');
    expect(FUNCTIONS.get('shout')).toBeUndefined();
  });

  it('rejects a name already taken, by a function of any kind, and a name not in lower case', () => {
    const registry = new FunctionRegistry(FUNCTIONS.all());
    expect(() => registry.register({ ...shout, name: 'upper' })).toThrow("function 'upper' is already registered");
    expect(() => registry.register({ ...shout, name: 'count' })).toThrow("function 'count' is already registered");
    expect(() => registry.register({ ...shout, name: 'Shout' })).toThrow("function name 'Shout' must be lower case");
  });
});
