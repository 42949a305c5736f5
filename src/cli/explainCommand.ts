import { explainQuery } from '../explain.js';
import { compileInputs } from './compileInputs.js';
import type { InputText } from './readInputs.js';

/** `k2o explain`: each query's plans; with several files, each file's under its name. */
export function explainCommand(inputs: readonly InputText[], verbose: boolean): number {
  const { compiled, ok } = compileInputs(inputs);
  if (!ok) return 1;
  const sections = compiled.map(({ input, result }) => {
    const plans = result.queries.map((q) => explainQuery(q, verbose || q.explain?.verbose === true)).join('\n\n');
    return compiled.length === 1 ? plans : `-- ${input.name}\n${plans}`;
  });
  process.stdout.write(`${sections.join('\n\n')}\n`);
  return 0;
}
