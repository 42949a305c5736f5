import { loadConfig } from '../config/K2oConfig.js';
import { stderrLogger } from '../runtime/Logger.js';
import { compileInputs } from './compileInputs.js';
import type { InputText } from './readInputs.js';
import { runFile } from './runFile.js';

/**
 * `k2o run FILE…`: nothing runs unless every file compiles; then the files run
 * side by side, and the exit code is the worst of theirs.
 */
export async function runCommand(inputs: readonly InputText[], configFile: string | undefined): Promise<number> {
  const { compiled, ok } = compileInputs(inputs);
  if (!ok) return 1;
  try {
    // Once for all files, so a bad config file is reported once, before anything runs.
    loadConfig(process.env, configFile);
  } catch (e) {
    stderrLogger().error((e as Error).message);
    return 2;
  }
  const codes = await Promise.all(compiled.map(({ input, result }) => runFile(result, input.text, input.name, configFile)));
  return Math.max(...codes);
}
