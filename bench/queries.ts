/**
 * The benchmark's queries, as users would write them, over the loaded topic.
 * BASELINE.md quotes them; change them there too.
 */

/**
 * The orders stream, declared so that ts is a TIMESTAMP in every query (S1
 * writes it). Only windowed queries declare the watermark: with it, the planner
 * puts a WatermarkExec into stateless plans too. The consumer group is named
 * after the run's topic, so that no member left over from an earlier run joins
 * it and forces rebalances mid-measurement.
 */
export function ordersStream(topic: string, table: string, watermark: boolean): string {
  return `CREATE STREAM orders (
  order_id STRING NOT NULL,
  customer_id STRING NOT NULL,
  amount DOUBLE,
  product_category STRING,
  ts TIMESTAMP NOT NULL${watermark ? ",\n  WATERMARK FOR ts AS ts - INTERVAL '30' SECOND" : ''}
) WITH (topic = '${topic}', starting_offsets = 'earliest', group_id = '${topic}-${table}');`;
}

export type Trigger = 'AVAILABLE NOW' | 'CONTINUOUS';

/** S1: stateless filter and projection (about 70% of the orders pass), APPEND. */
export function s1Query(topic: string, table: string, trigger: Trigger): string {
  return `${ordersStream(topic, table, false)}
SELECT order_id, customer_id, upper(product_category) AS category, amount, round(amount * 0.19, 2) AS tax, ts
FROM KAFKA orders
WHERE amount > 1000 AND product_category <> 'grocery'
INTO POSTGRES ${table} ${trigger} WITH (name = '${table}');`;
}

/** S2: the spine's 5-minute tumbling window, per customer (1,000 keys), APPEND. */
export function s2Query(topic: string, table: string, trigger: Trigger): string {
  return `${ordersStream(topic, table, true)}
SELECT customer_id, window(ts, '5 minutes'), count(*) AS orders, sum(amount) AS revenue
FROM KAFKA orders
GROUP BY customer_id, window(ts, '5 minutes')
INTO POSTGRES ${table} ${trigger} WITH (name = '${table}');`;
}
