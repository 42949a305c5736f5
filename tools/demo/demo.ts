import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { formatTable } from '../../src/connectors/console/textTable.js';
import { createKafka, withAdmin } from '../../src/connectors/kafka/kafkaClient.js';
import { produceJson } from '../../src/connectors/kafka/produceJson.js';
import { ensureTopic } from '../../src/connectors/kafka/topics.js';
import { loadConfig } from '../../src/config/K2oConfig.js';
import { expectedWindowSums } from '../data/expectedWindows.js';
import { generateOrders } from '../data/orders.js';

const TOPIC = 'orders';
const TABLE = 'order_metrics';
const ORDERS = 50_000;
const WINDOW_MS = 5 * 60_000;

/**
 * `npm run demo`: fresh `orders` topic and `order_metrics` table, 50,000 sample
 * orders (5% up to 30 s late), then the real CLI runs the demo query, and the
 * table it filled is printed beside sums computed straight from the orders.
 */
async function main(file: string): Promise<number> {
  const config = loadConfig();
  const postgresUrl = config.urls['postgres'];
  if (!postgresUrl) throw new Error('set K2O_POSTGRES_URL');
  const kafka = createKafka(config.kafkaBrokers, 'k2o-demo');
  const db = new pg.Client({ connectionString: postgresUrl });
  await db.connect();
  try {
    step(`resetting topic '${TOPIC}' and table '${TABLE}'`);
    await withAdmin(kafka, async (admin) => {
      if ((await admin.listTopics()).includes(TOPIC)) await admin.deleteTopics({ topics: [TOPIC] });
    });
    await ensureTopic(kafka, TOPIC, 3);
    await db.query(`DROP TABLE IF EXISTS ${TABLE}`);
    for (const t of ['k2o_offsets', 'k2o_state']) {
      if ((await db.query(`SELECT to_regclass($1) AS t`, [t])).rows[0].t) await db.query(`DELETE FROM ${t} WHERE query_id = $1`, [TABLE]);
    }

    const orders = generateOrders({ count: ORDERS, seed: 7 });
    step(`producing ${ORDERS.toLocaleString('en')} orders to '${TOPIC}' (${orders[0]!.ts} … ${orders[orders.length - 1]!.ts})`);
    await produceJson(
      kafka,
      TOPIC,
      orders.map((o) => ({ key: o.customer_id, value: o })),
    );

    step(`k2o run ${file}`);
    const cli = fileURLToPath(new URL('../../bin/k2o.js', import.meta.url));
    const code = await new Promise<number>((resolve) =>
      spawn(process.execPath, [cli, 'run', file], { stdio: 'inherit' }).on('exit', (c) => resolve(c ?? 1)),
    );
    if (code !== 0) {
      console.error(`k2o run exited with ${code}`);
      return code;
    }

    const result = await db.query<{ window_start: Date; window_end: Date; sum_amount: number }>(
      `SELECT window_start, window_end, sum_amount FROM ${TABLE} ORDER BY window_start`,
    );
    const expected = expectedWindowSums(orders, WINDOW_MS, 1000);
    const rows = result.rows.map((r) => {
      const want = expected.get(r.window_start.getTime());
      const ok = want !== undefined && Math.abs(want.sum - r.sum_amount) < 1e-6 * Math.max(1, want.sum);
      return [r.window_start.getTime(), r.window_end.getTime(), cents(r.sum_amount), want ? cents(want.sum) : null, ok ? 'yes' : 'NO'];
    });
    step(`SELECT * FROM ${TABLE}`);
    console.log(
      formatTable(
        [
          { name: 'window_start', type: { kind: 'TIMESTAMP' }, nullable: false },
          { name: 'window_end', type: { kind: 'TIMESTAMP' }, nullable: false },
          { name: 'sum_amount', type: { kind: 'DOUBLE' }, nullable: true },
          { name: 'expected_sum', type: { kind: 'DOUBLE' }, nullable: true },
          { name: 'matches', type: { kind: 'STRING' }, nullable: false },
        ],
        rows,
      ),
    );
    const open = expected.size - rows.length;
    const mismatches = rows.filter((r) => r[4] !== 'yes').length;
    // Every window that ends a window's length before the watermark (the latest event time - 30 s; the partitions'
    // latest times are milliseconds apart) has closed, and must be in the table.
    const watermark = Math.max(...orders.map((o) => Date.parse(o.ts))) - 30_000;
    const written = new Set(rows.map((r) => r[0]));
    const missing = [...expected.keys()].filter((start) => start + 2 * WINDOW_MS <= watermark && !written.has(start));
    if (missing.length > 0) {
      console.error(
        `\n${missing.length} window(s) that the watermark closed are missing from ${TABLE} (the first: ${new Date(missing[0]!).toISOString()}); k2o read ` +
          'fewer orders than were produced',
      );
      return 1;
    }
    console.log(
      `\n${rows.length} windows written, ${mismatches === 0 ? 'every sum matches' : `${mismatches} DO NOT match`} the sum computed directly from the produced orders.` +
        (open > 0
          ? `\n${open} window(s) at the end of the data stay open: the watermark (latest event time - 30 s) has not passed their end,\nso k2o keeps them in its committed state and writes them when later orders arrive.`
          : ''),
    );
    return mismatches === 0 ? 0 : 1;
  } finally {
    await db.end();
  }
}

/** Sums of doubles differ in the last bits with the order of addition; people read cents. */
function cents(x: number): number {
  return Math.round(x * 100) / 100;
}

function step(message: string): void {
  console.log(`\n== ${message}`);
}

main(process.argv[2] ?? 'demo/order_metrics.ksql').then(
  (code) => (process.exitCode = code),
  (e: Error) => {
    console.error(`demo failed: ${e.message}`);
    process.exitCode = 1;
  },
);
