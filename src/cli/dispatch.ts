import { packageRoot } from '../core/packageRoot.js';
import { readFileSync } from 'node:fs';
import { checkCommand } from './checkCommand.js';
import { parseCommandLine } from './commandLine.js';
import { COMMANDS } from './commands.js';
import { explainCommand } from './explainCommand.js';
import { readInputs, type InputText } from './readInputs.js';

/**
 * Exit codes: 0 done, 1 the text has errors, 2 bad command line, 3 failed while
 * running, 4 a service out of reach. `run`, `repl` and `infer` are imported
 * when asked for: the engine, the monitoring server and the drivers would make
 * every `k2o check` wait for modules it never uses.
 */
export async function main(argv: string[]): Promise<number> {
  const line = parseCommandLine(argv, COMMANDS);
  switch (line.kind) {
    case 'version': {
      const pkg = JSON.parse(readFileSync(new URL('package.json', packageRoot()), 'utf8')) as { version: string };
      process.stdout.write(`k2o ${pkg.version}\n`);
      return 0;
    }
    case 'help':
      process.stdout.write(`${line.text}\n`);
      return 0;
    case 'error':
      process.stderr.write(`${line.message}\n`);
      return 2;
  }
  const { command, values, positionals } = line;
  const str = (name: string) => (typeof values[name] === 'string' ? (values[name] as string) : undefined);
  if (command === 'infer') {
    const { inferCommand } = await import('./inferCommand.js');
    return inferCommand(positionals[0]!, { sample: str('sample'), brokers: str('brokers'), config: str('config') });
  }
  if (command === 'repl') return (await import('../repl/replCommand.js')).replCommand(positionals, str('config'));
  let inputs: InputText[];
  try {
    inputs = readInputs(positionals);
  } catch (e) {
    process.stderr.write(`k2o: ${(e as Error).message}\n`);
    return 2;
  }
  switch (command) {
    case 'check':
      return checkCommand(inputs, str('format') ?? 'text');
    case 'explain':
      return explainCommand(inputs, values['verbose'] === true);
    default:
      return (await import('./runCommand.js')).runCommand(inputs, values);
  }
}
