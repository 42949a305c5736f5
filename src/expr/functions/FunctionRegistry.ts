import type { AggregateFunctionDef, FunctionDef, ScalarFunctionDef, WindowFunctionDef } from './FunctionDef.js';

/**
 * The functions the language knows, by name. The analyzer, the optimizer and the
 * runtime all look functions up here, so a function is declared and implemented
 * in one definition. `register` is also where user-defined functions will come in.
 */
export class FunctionRegistry {
  private readonly byName = new Map<string, FunctionDef>();

  constructor(defs: Iterable<FunctionDef> = []) {
    for (const def of defs) this.register(def);
  }

  /** Adds a function. Its name must be lower case (calls are matched case-insensitively) and not taken. */
  register(def: FunctionDef): void {
    if (def.name !== def.name.toLowerCase()) throw new Error(`function name '${def.name}' must be lower case`);
    if (this.byName.has(def.name)) throw new Error(`function '${def.name}' is already registered`);
    this.byName.set(def.name, def);
  }

  get(name: string): FunctionDef | undefined {
    return this.byName.get(name.toLowerCase());
  }

  scalar(name: string): ScalarFunctionDef | undefined {
    const def = this.get(name);
    return def?.kind === 'scalar' ? def : undefined;
  }

  aggregate(name: string): AggregateFunctionDef | undefined {
    const def = this.get(name);
    return def?.kind === 'aggregate' ? def : undefined;
  }

  window(name: string): WindowFunctionDef | undefined {
    const def = this.get(name);
    return def?.kind === 'window' ? def : undefined;
  }

  /** Every name in registration order: the candidates of "did you mean". */
  names(): string[] {
    return [...this.byName.keys()];
  }

  all(): FunctionDef[] {
    return [...this.byName.values()];
  }
}
