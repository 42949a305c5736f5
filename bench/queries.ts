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
export function s1Query(topic: string, table: string, trigger: Trigger, into: 'POSTGRES' | 'ORACLE' = 'POSTGRES'): string {
  return `${ordersStream(topic, table, false)}
SELECT order_id, customer_id, upper(product_category) AS category, amount, round(amount * 0.19, 2) AS tax, ts
FROM KAFKA orders
WHERE amount > 1000 AND product_category <> 'grocery'
INTO ${into} ${table} ${trigger} WITH (name = '${table}');`;
}

/** S13: S1 into Oracle (with K2O_ORACLE_URL set). */
export function s13Query(topic: string, table: string, trigger: Trigger): string {
  return s1Query(topic, table, trigger, 'ORACLE');
}

/** S2: the spine's 5-minute tumbling window, per customer (1,000 keys), APPEND. */
export function s2Query(topic: string, table: string, trigger: Trigger): string {
  return `${ordersStream(topic, table, true)}
SELECT customer_id, window(ts, '5 minutes'), count(*) AS orders, sum(amount) AS revenue
FROM KAFKA orders
GROUP BY customer_id, window(ts, '5 minutes')
INTO POSTGRES ${table} ${trigger} WITH (name = '${table}');`;
}

/** S5: a sliding window, 10 minutes every 5 (each order in two windows), per customer, APPEND. */
export function s5Query(topic: string, table: string, trigger: Trigger): string {
  return `${ordersStream(topic, table, true)}
SELECT customer_id, window(ts, '10 minutes', '5 minutes'), count(*) AS orders, sum(amount) AS revenue
FROM KAFKA orders
GROUP BY customer_id, window(ts, '10 minutes', '5 minutes')
INTO POSTGRES ${table} ${trigger} WITH (name = '${table}');`;
}

/** S6: session windows per customer, closed after 2 minutes without an order, APPEND. */
export function s6Query(topic: string, table: string, trigger: Trigger): string {
  return `${ordersStream(topic, table, true)}
SELECT customer_id, session(ts, '2 minutes'), count(*) AS orders, sum(amount) AS revenue
FROM KAFKA orders
GROUP BY customer_id, session(ts, '2 minutes')
INTO POSTGRES ${table} ${trigger} WITH (name = '${table}');`;
}

/** S7: a running total per product category (a handful of keys), MODE UPDATE: every batch upserts the changed groups. */
export function s7Query(topic: string, table: string, trigger: Trigger): string {
  return `${ordersStream(topic, table, false)}
SELECT product_category, count(*) AS orders, sum(amount) AS revenue
FROM KAFKA orders
GROUP BY product_category
INTO POSTGRES ${table} MODE UPDATE ${trigger} WITH (name = '${table}');`;
}

/** S8: DEDUPLICATE on order_id within 10 minutes of event time (every order id is distinct: all state, no drop). */
export function s8Query(topic: string, table: string, trigger: Trigger): string {
  return `${ordersStream(topic, table, true)}
SELECT order_id, customer_id, amount, ts
FROM KAFKA orders
DEDUPLICATE ON (order_id) WITHIN '10 minutes'
INTO POSTGRES ${table} ${trigger} WITH (name = '${table}');`;
}

/** S9: S1's filter and projection INTO KAFKA, exactly once through Kafka transactions. */
export function s9Query(topic: string, table: string, trigger: Trigger): string {
  return `${ordersStream(topic, table, false)}
SELECT order_id, customer_id, upper(product_category) AS category, amount, ts
FROM KAFKA orders
WHERE amount > 1000 AND product_category <> 'grocery'
INTO KAFKA ${table}_${topic} KEY (order_id) ${trigger} WITH (name = '${table}');`;
}
