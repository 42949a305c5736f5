import type { Order } from './orders.js';

/**
 * Per-window sums of `amount` over orders above `minAmount`, computed directly
 * from the generated orders: the reference the demo and the tests check k2o's
 * results against, sharing no code with the engine.
 */
export function expectedWindowSums(
  orders: readonly Order[],
  sizeMs: number,
  minAmount: number,
): Map<number, { sum: number; count: number }> {
  const windows = new Map<number, { sum: number; count: number }>();
  for (const o of orders) {
    if (!(o.amount > minAmount)) continue;
    const start = Math.floor(Date.parse(o.ts) / sizeMs) * sizeMs;
    const w = windows.get(start) ?? { sum: 0, count: 0 };
    w.sum += o.amount;
    w.count += 1;
    windows.set(start, w);
  }
  return windows;
}
