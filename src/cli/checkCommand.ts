import { compile } from '../compile.js';
import { compileInputs } from './compileInputs.js';
import { diagnosticJson } from './diagnosticsJson.js';
import type { InputText } from './readInputs.js';

const FORMATS = ['text', 'json'];

/**
 * `k2o check`: compiles each text and runs nothing. As JSON, stdout is one array
 * of every file's diagnostics (empty when all is well) and stderr stays quiet,
 * so an editor or a CI step reads one document; the exit code is the same.
 */
export function checkCommand(inputs: readonly InputText[], format: string): number {
  if (!FORMATS.includes(format)) {
    process.stderr.write(`k2o check: --format must be ${FORMATS.join(' or ')}, not '${format}'\n`);
    return 2;
  }
  if (format === 'json') {
    let failed = false;
    const all = inputs.flatMap((input) => {
      const { diagnostics } = compile(input.text);
      if (diagnostics.some((d) => d.severity === 'error')) failed = true;
      return diagnostics.map((d) => diagnosticJson(d, input.name));
    });
    process.stdout.write(`${JSON.stringify(all, null, 2)}\n`);
    return failed ? 1 : 0;
  }
  const { compiled, ok } = compileInputs(inputs);
  for (const { input, result } of compiled) {
    if (result.diagnostics.some((d) => d.severity === 'error')) continue;
    const q = result.queries.length;
    const s = result.streams.length;
    process.stdout.write(`${input.name}: ok (${q} quer${q === 1 ? 'y' : 'ies'}, ${s} stream${s === 1 ? '' : 's'})\n`);
  }
  return ok ? 0 : 1;
}
