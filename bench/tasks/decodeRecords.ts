import { benchOrders } from '../data/benchRows.js';
import type { TaskChannel } from '../child/tasks.js';

export interface DecodeParams {
  readonly format: 'json' | 'csv';
  readonly records: number;
  /** Records per decode call, as a micro-batch hands them over. */
  readonly batch: number;
}

export interface DecodeValue {
  readonly records: number;
  readonly deadLetters: number;
  readonly bytes: number;
  readonly seconds: number;
  readonly rate: number;
}

/**
 * The decode limit: the benchmark's orders as JSON or CSV record values
 * through the runtime's decoder into the orders stream's five columns, in
 * memory (no broker, no operators, no sink), after one warm-up pass.
 */
export async function run(p: DecodeParams, _channel: TaskChannel): Promise<DecodeValue> {
  const { compile } = await import('../../src/compile.js');
  const { sourceOf } = await import('../../src/plan/physical/PhysicalPlan.js');
  const { decodeRecords } = await import('../../src/runtime/decode/decodeRecords.js');
  const format = p.format === 'csv' ? ", format = 'csv'" : '';
  const r = compile(
    `CREATE STREAM orders (order_id STRING NOT NULL, customer_id STRING NOT NULL, amount DOUBLE, product_category STRING, ts TIMESTAMP NOT NULL) WITH (topic = 'orders'${format});
SELECT * FROM KAFKA orders INTO CONSOLE;`,
  );
  const query = r.queries[0];
  if (!query) throw new Error(r.diagnostics.map((d) => d.message).join('; '));
  const source = sourceOf(query.physical);
  const values = benchOrders(p.records).map((o) =>
    Buffer.from(
      p.format === 'csv'
        ? `${o.order_id},${o.customer_id},${o.amount},${o.product_category},${o.ts}`
        : JSON.stringify({
            order_id: o.order_id,
            customer_id: o.customer_id,
            amount: o.amount,
            product_category: o.product_category,
            ts: o.ts,
          }),
    ),
  );
  const records = values.map((value, i) => ({ topic: 'orders', partition: 0, offset: String(i), timestamp: 0, key: null, value }));
  const processing = { queryId: 'bench', batchStartedAt: 0 };
  const pass = () => {
    let deadLetters = 0;
    for (let i = 0; i < records.length; i += p.batch)
      deadLetters += decodeRecords(records.slice(i, i + p.batch), source, processing).deadLetters.length;
    return deadLetters;
  };
  pass();
  const t = performance.now();
  const deadLetters = pass();
  const seconds = (performance.now() - t) / 1000;
  const bytes = values.reduce((s, v) => s + v.length, 0);
  return { records: records.length, deadLetters, bytes, seconds, rate: records.length / seconds };
}
