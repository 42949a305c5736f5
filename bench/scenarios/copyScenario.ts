import { runTask } from '../child/runTask.js';
import type { BenchContext, Result, Scenario } from '../Scenario.js';
import { SINK_CEILING_IDS } from './ceiling.js';

const SOURCE = 'bench_copy_orders';
const SOURCE_DECLARED = `CREATE TABLE ${SOURCE} (order_id STRING, customer_id STRING, amount DOUBLE, product_category STRING, ts TIMESTAMP) IN POSTGRES;`;
/** The orders S1 keeps (about 70%). */
const WHERE = "amount > 1000 AND product_category <> 'grocery'";

/**
 * S11 and S12: a batch copy of the orders as a table, MODE OVERWRITE, S1's
 * condition. S11 copies columns as they are: source and target in one
 * database, k2o runs it as one INSERT … SELECT, and its ceiling is that
 * statement run by hand. S12 computes S1's columns (upper(), round()), which
 * keeps the rows in k2o: they stream through its operators into the target's
 * one transaction, as a copy across databases does, and its ceiling is the
 * sink limit.
 */
export const copyScenario: Scenario = {
  id: 'S11',
  quick: false,
  async run(ctx: BenchContext): Promise<Result[]> {
    const rows = ctx.options.records;
    ctx.progress(`S11 S12 batch copies: a table of ${rows.toLocaleString('en')} orders`);
    await ctx.db.query(`DROP TABLE IF EXISTS ${SOURCE}`);
    await ctx.db.query(
      `CREATE TABLE ${SOURCE} AS SELECT 'ord-' || lpad(i::text, 9, '0') || '-' || md5(i::text) AS order_id,
         'cust-' || lpad((i % 1000)::text, 5, '0') AS customer_id, round((random() * 5000)::numeric, 2)::float8 AS amount,
         (ARRAY['books','electronics','garden','grocery','toys','clothing','sports','beauty'])[1 + i % 8] AS product_category,
         timestamptz '2026-01-01 12:00:00+00' + i * interval '100 milliseconds' AS ts
       FROM generate_series(1, ${rows}) AS i`,
    );
    const within = await copy(
      ctx,
      'S11',
      'bench_s11',
      `SELECT order_id, customer_id, amount, product_category, ts FROM POSTGRES ${SOURCE} WHERE ${WHERE}`,
    );
    const handRun = await byHand(
      ctx,
      'bench_s11',
      `SELECT order_id, customer_id, amount, product_category, ts FROM ${SOURCE} WHERE ${WHERE}`,
    );
    const through = await copy(
      ctx,
      'S12',
      'bench_s12',
      `SELECT order_id, customer_id, upper(product_category) AS category, amount, round(amount * 0.19, 2) AS tax, ts FROM POSTGRES ${SOURCE} WHERE ${WHERE}`,
    );
    const sink = ctx.results.filter((r) => SINK_CEILING_IDS.includes(r.id) && r.rate !== undefined).sort((a, b) => b.rate! - a.rate!)[0];
    return [
      {
        id: 'S11',
        title: 'batch copy in one database (INSERT … SELECT)',
        records: within.rows,
        seconds: within.seconds,
        rate: within.rate,
        ceiling: handRun,
        ratio: within.rate / handRun,
        note: `${within.rows.toLocaleString('en')} rows of ${rows.toLocaleString('en')}; ceiling: the same INSERT … SELECT run by hand`,
      },
      {
        id: 'S12',
        title: 'batch copy through k2o (computed columns)',
        records: through.rows,
        seconds: through.seconds,
        rate: through.rate,
        ...(sink && { ceiling: sink.rate!, ratio: through.rate / sink.rate! }),
        note: `${through.batches} batches` + (sink ? `; ceiling ${sink.id} (sink), rows/s` : ''),
      },
    ];
  },
};

async function copy(ctx: BenchContext, id: string, target: string, select: string) {
  ctx.progress(`${id} ${target}`);
  await ctx.db.query(`DROP TABLE IF EXISTS ${target}`);
  const query = `${SOURCE_DECLARED}\nINSERT INTO POSTGRES ${target} ${select} MODE OVERWRITE WITH (name = '${target}');`;
  const { value } = await runTask('runCopy', { postgresUrl: ctx.postgresUrl, query });
  return value;
}

/** Rows/s of the INSERT … SELECT into the table the copy made, emptied first, in one transaction as the copy's. */
async function byHand(ctx: BenchContext, target: string, select: string): Promise<number> {
  await ctx.db.query('BEGIN');
  await ctx.db.query(`DELETE FROM ${target}`);
  const started = performance.now();
  const r = await ctx.db.query(`INSERT INTO ${target} ${select}`);
  await ctx.db.query('COMMIT');
  return (r.rowCount ?? 0) / ((performance.now() - started) / 1000);
}
