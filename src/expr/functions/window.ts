import { TIMESTAMP } from '../../core/SqlType.js';
import { firstArg, type WindowFunctionDef } from './FunctionDef.js';

/** Their durations are literals the analyzer reads into the window spec; only the time column is typed. */
const timeColumn = firstArg(TIMESTAMP);

export const WINDOW_FUNCTIONS: readonly WindowFunctionDef[] = [
  { kind: 'window', name: 'window', maxArgs: 3, expects: 'a time column and a size, and optionally a slide', infer: timeColumn },
  { kind: 'window', name: 'session', maxArgs: 2, expects: 'a time column and a gap', infer: timeColumn },
];
