import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Query } from '../engine/index.js';

/** How long after its start a `k2o run` without a batch is taken to be waiting for records. */
const IDLE_AFTER_START_MS = 1_000;

/**
 * Start-up grows V8's heap, its young generation above all (nearly everything
 * allocated while modules load and the parser is built survives), and V8 gives
 * that back only after it has seen the process idle for about ten seconds. A
 * `k2o run` whose queries have run no batch a second after start is waiting
 * for records (or still connecting to a slow broker or database), so it asks
 * V8 at once for the collection that shrinks the heap: 7–9 MB of resident
 * memory on Node 22, about 35 ms of CPU, once. A batch within that second (a
 * backlog) leaves the heap to V8.
 */
export function shrinkHeapWhenIdleAfterStart(): { watch(q: Query): void; stop(): void } {
  let batched = false;
  const timer = setTimeout(() => {
    if (!batched) collectShrinkingHeap();
  }, IDLE_AFTER_START_MS);
  timer.unref();
  return {
    watch: (q) => void q.once('batch', () => (batched = true)),
    stop: () => clearTimeout(timer),
  };
}

/** V8's last-resort collection (gc() of --expose-gc), which also shrinks the young generation. */
export function collectShrinkingHeap(): void {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as (options: object) => void;
  gc({ type: 'major', execution: 'sync', flavor: 'last-resort' });
}
