/**
 * One aggregate's running value. `add` may mutate and must return the
 * accumulator; `merge` combines two accumulators of disjoint rows (session
 * windows merging), may mutate `a` and must return the result, after which `b`
 * is not used again; `save`/`load` turn it into JSON for the checkpoint.
 */
export interface Accumulator {
  init(): unknown;
  add(acc: unknown, value: unknown): unknown;
  merge(a: unknown, b: unknown): unknown;
  result(acc: unknown): unknown;
  save(acc: unknown): unknown;
  load(saved: unknown): unknown;
}
