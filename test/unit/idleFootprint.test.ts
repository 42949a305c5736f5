import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { expect, it } from 'vitest';

/**
 * In a process of its own, as `k2o run` is (the module itself, its types stripped): start-up's allocations grow V8's
 * young generation (to 32 MB on Node 22, 128 MB on Node 24, from 1 MB); a
 * second after start without a batch, it is shrunk again, and not when a
 * query has run a batch by then. Sizes in MB.
 */
const probe = (batch: boolean) => `
import { EventEmitter } from 'node:events';
import { getHeapSpaceStatistics } from 'node:v8';
import { shrinkHeapWhenIdleAfterStart } from ${JSON.stringify(resolve('src/cli/idleFootprint.ts'))};
const youngMb = () => getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size / 2 ** 20;
let kept = [];
for (let i = 0; i < 2_000_000; i++) kept.push({ i, s: 'x' + i });
kept = null;
const grown = youngMb();
const footprint = shrinkHeapWhenIdleAfterStart();
const query = new EventEmitter();
footprint.watch(query);
if (${batch}) query.emit('batch', {});
setTimeout(() => console.log(JSON.stringify({ grown, after: youngMb() })), 1_500);
`;

const run = (batch: boolean) => {
  const r = spawnSync(process.execPath, ['--experimental-strip-types', '--no-warnings', '--input-type=module', '-e', probe(batch)], {
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as { grown: number; after: number };
};

it('k2o run: with no batch a second after start, the heap that start-up grew is shrunk', () => {
  const { grown, after } = run(false);
  expect(grown).toBeGreaterThanOrEqual(8);
  expect(after).toBeLessThanOrEqual(2);
});

it('k2o run: a query that has run a batch keeps the heap V8 grew for it', () => {
  const { grown, after } = run(true);
  expect(after).toBe(grown);
});
