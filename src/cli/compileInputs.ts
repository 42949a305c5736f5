import { compile, type CompileResult } from '../compile.js';
import { formatDiagnostics } from '../compiler/diagnostics/formatDiagnostic.js';
import type { InputText } from './readInputs.js';

export interface CompiledInput {
  readonly input: InputText;
  readonly result: CompileResult;
}

/**
 * Compiles each text on its own and prints its diagnostics to stderr the way
 * compilers do, with a count per file that has errors. `ok` is false when any has one.
 */
export function compileInputs(inputs: readonly InputText[]): { compiled: CompiledInput[]; ok: boolean } {
  let ok = true;
  const compiled = inputs.map((input) => {
    const result = compile(input.text);
    if (result.diagnostics.length > 0) process.stderr.write(`${formatDiagnostics(result.diagnostics, input.text, input.name)}\n`);
    const n = result.diagnostics.filter((d) => d.severity === 'error').length;
    if (n > 0) {
      ok = false;
      process.stderr.write(`${n} error${n === 1 ? '' : 's'} in ${input.name}\n`);
    }
    return { input, result };
  });
  return { compiled, ok };
}
