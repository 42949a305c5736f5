import { CompileError, Engine, formatDiagnostic, loadConfig } from 'k2o';

// Where to connect: k2o.config.json and the K2O_* variables, as `k2o run` reads them.
const engine = new Engine(loadConfig());

// A function of the program's own: the analyzer checks calls to it like a built-in one's.
engine.registerFunction(
  'net_of',
  { args: ['DOUBLE', 'DOUBLE'], returns: 'DOUBLE', deterministic: true },
  (amount: number, rate: number) => amount * (1 - rate),
);

const topic = process.env['ORDERS_TOPIC'] ?? 'orders';
const text = `
CREATE STREAM orders (order_id STRING NOT NULL, amount DOUBLE, ts TIMESTAMP NOT NULL,
  WATERMARK FOR ts AS ts - INTERVAL '30' SECOND) WITH (topic = '${topic}');

SELECT order_id, net_of(amount, 0.2) AS net FROM KAFKA orders WHERE amount > 100
INTO POSTGRES ${topic}_net AVAILABLE NOW;

SELECT window(ts, '5 minutes'), sum(amount) AS total FROM KAFKA orders
INTO POSTGRES ${topic}_totals;
`;

let queries;
try {
  queries = engine.start(text);
} catch (e) {
  if (e instanceof CompileError) for (const d of e.diagnostics) console.error(formatDiagnostic(d, text, 'orders.ksql'));
  throw e;
}
const [net, totals] = queries;

net!.on('status', (s) => console.log(`${net!.id}: ${s.state}`));
totals!.on('batch', (p) => console.log(`${p.name}: batch ${p.batchId}, ${p.numInputRows} records in ${p.durationMs.total} ms`));

// AVAILABLE NOW: the query completes once it has read what the topic held when it started.
await net!.awaitTermination();
console.log(net!.progress()?.totals);

// The continuous query runs on: the timeout passes and says so.
const { running } = await engine.awaitTermination(2000);
console.log('still running:', running);

// Each query lets its batch in flight commit, then stops.
await engine.stopAll();
console.log(`${totals!.id}: ${totals!.status().state}`);
