import { setFlagsFromString } from 'node:v8';
import type { Query } from '../engine/index.js';

/** V8's default growth factor of the young generation (`node --v8-options`), given back once records flow. */
const V8_DEFAULT_GROWTH = 2;
let held = false;

/**
 * Keeps V8's young generation at its first size (two 1 MB semi-spaces) while
 * `k2o run` starts. V8 grows it when objects survive their first collections,
 * as nearly all do while modules load and the parser is built, and the pages
 * grown then stay resident (7–9 MB) in a query waiting for its first records.
 * The user's own semi-space settings (node's arguments, NODE_OPTIONS) win.
 */
export function holdYoungGeneration(): void {
  if ([...process.execArgv, process.env['NODE_OPTIONS'] ?? ''].some((a) => a.includes('semi-space'))) return;
  setFlagsFromString('--semi-space-growth-factor=1');
  held = true;
}

/** V8's own growth again, once a query has run a batch: a stream's allocation rate needs the larger young generation. */
export function releaseYoungGenerationAfterFirstBatch(q: Query): void {
  q.once('batch', () => {
    if (!held) return;
    held = false;
    setFlagsFromString(`--semi-space-growth-factor=${V8_DEFAULT_GROWTH}`);
  });
}
