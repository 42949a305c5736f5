import { generateOrders, type Order } from '../../tools/data/orders.js';
import type { Row } from '../../src/core/Schema.js';

/**
 * The benchmark's orders: 1,000 customers, event time 100 ms apart on average
 * (a million orders span about 28 hours), 5% up to 30 s late, seeded.
 */
export function benchOrders(count: number): Order[] {
  return generateOrders({ count, seed: 42, customers: 1000, lateShare: 0.05, maxLatenessMs: 30_000 });
}

/**
 * Rows shaped like S1's output (order_id, customer_id, category, amount, tax,
 * ts as epoch ms), computed directly: the sink limits write these without any
 * of k2o's operators in the way.
 */
export function s1Rows(count: number): Row[] {
  return benchOrders(count).map((o) => [
    o.order_id,
    o.customer_id,
    o.product_category.toUpperCase(),
    o.amount,
    Math.round(o.amount * 19) / 100,
    Date.parse(o.ts),
  ]);
}
