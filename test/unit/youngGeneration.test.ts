import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { expect, it } from 'vitest';

/**
 * In a process of its own, as `k2o run` is (V8's flags are the process's): the
 * young generation keeps its first size through allocations that would grow
 * it while held, and grows again once a query has run a batch. Sizes in MB.
 */
const probe = `
import { EventEmitter } from 'node:events';
import { getHeapSpaceStatistics } from 'node:v8';
import { holdYoungGeneration, releaseYoungGenerationAfterFirstBatch } from ${JSON.stringify(resolve('dist/src/cli/youngGeneration.js'))};
const youngMb = () => getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size / 2 ** 20;
// Objects that survive their first collections, as a start-up's do.
const survivors = (n) => { const kept = []; for (let i = 0; i < n; i++) kept.push({ i, s: 'x' + i }); return kept; };
holdYoungGeneration();
const first = youngMb();
let kept = survivors(2_000_000);
const held = youngMb();
const query = new EventEmitter();
releaseYoungGenerationAfterFirstBatch(query);
query.emit('batch', {});
kept = [kept, survivors(2_000_000)];
console.log(JSON.stringify({ first, held, released: youngMb() }));
`;

it('k2o run: the young generation stays at its first size until a query has run a batch, then grows as V8 grows it', () => {
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', probe], {
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  expect(r.status, r.stderr).toBe(0);
  const { first, held, released } = JSON.parse(r.stdout) as { first: number; held: number; released: number };
  // V8 starts it at 1 MB and, unheld, grows it to 32 MB under these allocations.
  expect(first).toBeLessThanOrEqual(2);
  expect(held).toBeLessThanOrEqual(2);
  expect(released).toBeGreaterThanOrEqual(8);
});
