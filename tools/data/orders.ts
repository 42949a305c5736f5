/**
 * Sample orders for the demo, the integration tests and the benchmark: about
 * 150–200 bytes of JSON each, event times mostly in order with a share of
 * records up to `maxLatenessMs` late, from a seeded generator so a run can be
 * repeated exactly.
 */
export interface Order {
  readonly order_id: string;
  readonly customer_id: string;
  readonly amount: number;
  readonly product_category: string;
  /** ISO-8601 event time. */
  readonly ts: string;
}

export interface OrderOptions {
  readonly count: number;
  readonly seed?: number;
  /** Event time of the first order, epoch ms. */
  readonly startMs?: number;
  /** Average event-time step between consecutive orders. */
  readonly stepMs?: number;
  /** Share of orders whose event time is pushed back (0..1). */
  readonly lateShare?: number;
  readonly maxLatenessMs?: number;
  readonly customers?: number;
}

const CATEGORIES = ['books', 'electronics', 'garden', 'grocery', 'toys', 'clothing', 'sports', 'beauty'];

/** mulberry32: small, fast, and the same sequence on every machine. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Eight hex digits: order ids carry a random part, as real ones do, which also brings records to the size the benchmark asks for. */
function hex8(random: () => number): string {
  return Math.floor(random() * 0x1_0000_0000)
    .toString(16)
    .padStart(8, '0');
}

export function generateOrders(o: OrderOptions): Order[] {
  return [...orderStream(o)];
}

/** The orders of generateOrders one at a time, for data sets too large to hold at once. */
export function* orderStream(o: OrderOptions): Generator<Order> {
  const random = seededRandom(o.seed ?? 42);
  const start = o.startMs ?? Date.UTC(2026, 0, 1, 12, 0, 0);
  const step = o.stepMs ?? 100;
  const lateShare = o.lateShare ?? 0.05;
  const maxLateness = o.maxLatenessMs ?? 30_000;
  const customers = o.customers ?? 1000;
  let clock = start;
  for (let i = 0; i < o.count; i++) {
    clock += Math.floor(random() * 2 * step);
    const late = random() < lateShare ? Math.floor(random() * maxLateness) : 0;
    yield {
      order_id: `ord-${String(i).padStart(9, '0')}-${hex8(random)}${hex8(random)}${hex8(random)}`,
      customer_id: `cust-${String(Math.floor(random() * customers)).padStart(5, '0')}`,
      amount: Math.round(random() * 500_000) / 100,
      product_category: CATEGORIES[Math.floor(random() * CATEGORIES.length)]!,
      ts: new Date(clock - late).toISOString(),
    };
  }
}
