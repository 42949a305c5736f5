import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKafka } from '../../src/connectors/kafka/kafkaClient.js';
import { KafkaSink } from '../../src/connectors/kafka/KafkaSink.js';
import { produceJson } from '../../src/connectors/kafka/produceJson.js';
import { ensureTopic } from '../../src/connectors/kafka/topics.js';
import { BOOLEAN, STRING } from '../../src/core/SqlType.js';
import type { SinkSpec } from '../../src/runtime/ports/Sink.js';
import { generateOrders, type Order } from '../../tools/data/orders.js';
import { ksqlFile, runCli } from '../helpers/cli.js';
import { killInsideTransactions } from '../helpers/killInTransaction.js';
import { lostCommitReplies } from '../helpers/lostCommitReply.js';
import { uniqueName } from '../helpers/kafka.js';
import { headerOnly } from '../helpers/committedState.js';
import { createKeepingTopic, readCommitted, type ReadRecord } from '../helpers/readTopic.js';

const brokers = (process.env['K2O_KAFKA_BROKERS'] ?? '127.0.0.1:19092').split(',');
const docs = (file: string) => readFileSync(resolve(import.meta.dirname, '../../docs', file), 'utf8');
const example = (doc: string, marker: string) => {
  const text = new RegExp(`<!-- ${marker} -->\\n\`\`\`sql\\n([\\s\\S]*?)\`\`\``).exec(doc)?.[1];
  if (text === undefined) throw new Error(`no ${marker} in the docs`);
  return text;
};
const name = (prefix: string) => uniqueName(prefix).replace(/-/g, '_');
const json = <T>(r: ReadRecord) => JSON.parse(r.value!) as T;

/**
 * FAILED ROWS and LATE ROWS INTO KAFKA beside INTO KAFKA against the real
 * broker: what read_committed readers of the target and route topics see,
 * compared with what the produced data says.
 */
describe('FAILED ROWS INTO KAFKA: the good/bad split in one Kafka transaction per batch', () => {
  const kafka = createKafka(brokers, 'k2o-test-kafka-failed-rows');

  it('the example of docs/language.md, as written there: every order once, in the topic its rules decide, failed_rules exact', async () => {
    const doc = docs('language.md');
    const names = { orders: name('kr_orders'), valid: name('kr_valid'), invalid: name('kr_invalid') };
    const text = example(doc, 'kafka-failed-rows-example')
      .replace(/\binvalid_orders\b/, names.invalid)
      .replace(/\bvalid_orders\b/, names.valid)
      .replace(/\borders\b/g, names.orders)
      .replace(/;\s*$/, ' AVAILABLE NOW WITH (max_records_per_batch = 400);');
    const shown: Order = { order_id: 'o-1', customer_id: 'c1', amount: 5, product_category: 'toys', ts: '2026-01-01T12:00:00.000Z' };
    const orders = [shown, ...generateOrders({ count: 3000, seed: 5, stepMs: 200 })];
    await ensureTopic(kafka, names.orders, 3);
    // Both topics keep records stamped with the orders' (old) event times.
    await createKeepingTopic(kafka, names.valid, 2);
    await createKeepingTopic(kafka, names.invalid, 2);
    await produceJson(
      kafka,
      names.orders,
      orders.map((o, i) => ({ value: o, partition: i % 3 })),
    );
    const run = await runCli(['run', ksqlFile(text)]);
    expect(run.code, run.stderr).toBe(0);

    const rules = (o: Order) => [...(o.amount >= 1000 ? [] : ['large_enough']), ...(o.product_category !== 'toys' ? [] : ['not_toys'])];
    const bad = orders.filter((o) => rules(o).length > 0);
    expect(bad.length).toBeGreaterThan(300);
    expect(bad.some((o) => rules(o).length === 2)).toBe(true);
    const valid = await readCommitted(kafka, names.valid, { atLeast: orders.length - bad.length });
    const invalid = await readCommitted(kafka, names.invalid, { atLeast: bad.length });
    expect(valid).toHaveLength(orders.length - bad.length);
    expect(invalid).toHaveLength(bad.length);
    const byId = new Map(orders.map((o) => [o.order_id, o]));
    const seen = new Set<string>();
    for (const [records, good] of [
      [valid, true],
      [invalid, false],
    ] as const) {
      for (const r of records) {
        const v = json<Record<string, unknown>>(r);
        const o = byId.get(v['order_id'] as string)!;
        expect(o, `order ${String(v['order_id'])}`).toBeDefined();
        seen.add(o.order_id);
        const failed = rules(o);
        expect(failed.length === 0).toBe(good);
        expect(v).toEqual({
          order_id: o.order_id,
          customer_id: o.customer_id,
          amount: o.amount,
          ts: o.ts,
          quality_large_enough: !failed.includes('large_enough'),
          quality_not_toys: !failed.includes('not_toys'),
          ...(good ? {} : { failed_rules: failed.join(',') }),
        });
        // Both topics encode alike: keyed by KEY (order_id), stamped with the event time.
        expect(r.key).toBe(o.order_id);
        expect(r.timestamp).toBe(Date.parse(o.ts));
      }
    }
    expect(seen.size).toBe(orders.length);
    // The record the docs show, byte for byte.
    const record = /`(\{"order_id":"o-1".*?\})`/.exec(doc)?.[1];
    expect(record).toBeDefined();
    expect(invalid.find((r) => r.key === 'o-1')?.value).toBe(record);
  }, 90_000);

  it('in an aggregate query: failing rows leave before the window, as the stream gave them, without the KEY they lack', async () => {
    const source = name('kr_agg');
    const out = `out_${source}`;
    const bad = `bad_${source}`;
    await ensureTopic(kafka, source, 1);
    await createKeepingTopic(kafka, out);
    await createKeepingTopic(kafka, bad);
    const at = (m: number, s: number) => new Date(Date.UTC(2024, 0, 1, 0, m, s)).toISOString();
    const readings = [
      { id: 'a', amount: 4, ts: at(0, 10) },
      { id: 'b', amount: -1, ts: at(0, 20) },
      { id: 'c', amount: 6, ts: at(0, 30) },
      { id: 'd', amount: null, ts: at(1, 5) },
      { id: 'e', amount: 1, ts: at(5, 0) },
    ];
    await produceJson(
      kafka,
      source,
      readings.map((value) => ({ value })),
    );
    const run = await runCli([
      'run',
      ksqlFile(
        `CREATE STREAM s (id STRING, amount DOUBLE, ts TIMESTAMP NOT NULL, WATERMARK FOR ts AS ts - INTERVAL '10' SECOND) WITH (topic = '${source}');\n` +
          `SELECT window(ts, '1 minute'), count(*) AS n, sum(amount) AS total FROM KAFKA s QUALITY (amount > 0 AS positive) ` +
          `GROUP BY window(ts, '1 minute') INTO KAFKA ${out} KEY (window_start) FAILED ROWS INTO KAFKA ${bad} AVAILABLE NOW;`,
      ),
    ]);
    expect(run.code, run.stderr).toBe(0);
    const windows = await readCommitted(kafka, out, { atLeast: 1 });
    expect(windows.map((r) => [r.key, r.timestamp, json(r)])).toEqual([
      [at(0, 0), Date.parse(at(0, 0)), { window_start: at(0, 0), window_end: at(1, 0), n: 2, total: 10 }],
    ]);
    const failed = await readCommitted(kafka, bad, { atLeast: 2 });
    expect(failed.map((r) => [r.key, r.timestamp, json(r)])).toEqual(
      [readings[1]!, readings[3]!].map((r) => [null, Date.parse(r.ts), { ...r, quality_positive: false, failed_rules: 'positive' }]),
    );
  });

  it('a route naming the target topic stops the query at start, naming the clash', async () => {
    const topic = name('kr_clash');
    const run = await runCli([
      'run',
      ksqlFile(
        `SELECT id FROM KAFKA ${topic} QUALITY (id IS NOT NULL AS has_id) INTO KAFKA ${topic}_out FAILED ROWS INTO KAFKA ${topic}_out AVAILABLE NOW;`,
      ),
    ]);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain(`FAILED ROWS INTO names the query's own topic "${topic}_out"; give the route a topic of its own`);
  });
});

describe('LATE ROWS INTO KAFKA: rows behind the watermark, with the watermark and the window they missed', () => {
  const kafka = createKafka(brokers, 'k2o-test-kafka-late-rows');

  it('the example of docs/connectors.md, as written there: exactly the late readings, keyed and stamped; the windows without them', async () => {
    const doc = docs('connectors.md');
    const names = { readings: name('kr_readings'), minutes: name('kr_minutes'), late: name('kr_late') };
    const file = ksqlFile(
      example(doc, 'kafka-late-rows-example')
        .replace(/\breadings_late\b/, names.late)
        .replace(/\bsensor_minutes\b/, names.minutes)
        .replace(/\breadings\b/g, names.readings)
        .replace(/;\s*$/, ' AVAILABLE NOW;'),
    );
    await ensureTopic(kafka, names.readings, 1);
    await createKeepingTopic(kafka, names.minutes);
    await createKeepingTopic(kafka, names.late);
    const at = (m: number, s: number) => new Date(Date.UTC(2024, 0, 1, 0, m, s)).toISOString();
    type Reading = { sensor: string; reading: number; ts: string };
    const send = (readings: Reading[]) =>
      produceJson(
        kafka,
        names.readings,
        readings.map((value) => ({ value })),
      );
    // One reading every 20 s up to 00:10:00: the watermark ends at 00:09:50, so the windows up to [00:08, 00:09) close.
    const first: Reading[] = Array.from({ length: 31 }, (_, i) => ({ sensor: i % 2 === 0 ? 's1' : 's2', reading: i, ts: at(0, 20 * i) }));
    // None of them moves the watermark; the first two fall in closed windows, the third in the open [00:09, 00:10).
    const second: Reading[] = [
      { sensor: 's1', reading: 3.25, ts: at(3, 10) },
      { sensor: 's2', reading: 7.5, ts: at(8, 59) },
      { sensor: 's1', reading: 1, ts: at(9, 30) },
    ];
    // Moves the watermark to 00:10:50: [00:09, 00:10) closes, with the on-time reading of the second run.
    const third: Reading[] = [{ sensor: 's1', reading: 0, ts: at(11, 0) }];
    for (const readings of [first, second, third]) {
      await send(readings);
      const run = await runCli(['run', file]);
      expect(run.code, run.stderr).toBe(0);
    }

    const late = await readCommitted(kafka, names.late, { atLeast: 2 });
    expect(late.map((r) => [r.key, r.timestamp, json(r)])).toEqual(
      second.slice(0, 2).map((r) => {
        const minute = Math.floor(Date.parse(r.ts) / 60_000) * 60_000;
        return [
          r.sensor,
          Date.parse(r.ts),
          {
            ...r,
            watermark: at(9, 50),
            window_start: new Date(minute).toISOString(),
            window_end: new Date(minute + 60_000).toISOString(),
          },
        ];
      }),
    );
    expect(late.find((r) => r.key === 's2')?.value).toBe(/stamped 00:08:59,\n`(\{.*?\})`/.exec(doc)?.[1]);

    // Every window once, computed from the readings that were not late.
    const onTime = [...first, second[2]!, ...third];
    const want = new Map<string, { n: number; sum: number }>();
    for (const r of onTime) {
      const start = Math.floor(Date.parse(r.ts) / 60_000) * 60_000;
      if (start + 60_000 > Date.parse(at(10, 50))) continue;
      const k = `${new Date(start).toISOString()} ${r.sensor}`;
      const w = want.get(k) ?? { n: 0, sum: 0 };
      want.set(k, { n: w.n + 1, sum: w.sum + r.reading });
    }
    const windows = await readCommitted(kafka, names.minutes, { atLeast: want.size });
    const got = new Map(
      windows.map((r) => {
        const v = json<{ window_start: string; sensor: string; n: number; avg_reading: number }>(r);
        expect(r.key).toBe(v.sensor);
        return [`${v.window_start} ${v.sensor}`, { n: v.n, avg: v.avg_reading }];
      }),
    );
    expect(windows).toHaveLength(want.size);
    expect(got.size).toBe(want.size);
    for (const [k, w] of want) {
      expect(got.get(k)?.n, k).toBe(w.n);
      expect(got.get(k)?.avg, k).toBeCloseTo(w.sum / w.n, 9);
    }
  }, 120_000);
});

/**
 * A commit whose reply is lost: the broker committed the batch, route records
 * included, and the sink heard an error. Played by the real broker behind a
 * transaction whose commit() commits and then throws as a dropped connection
 * does. The runner's retry must write neither the rows nor the routed rows twice.
 */
describe('FAILED ROWS INTO KAFKA: a batch retried after a lost commit reply', () => {
  const kafka = createKafka(brokers, 'k2o-test-kafka-routes-lost-reply');

  it('each routed row is in its topic once', async () => {
    const source = name('kr_lost');
    const out = `out_${source}`;
    const bad = `bad_${source}`;
    await ensureTopic(kafka, source, 1);
    const lossy = lostCommitReplies(kafka);
    const schema = [
      { name: 'id', type: STRING, nullable: false },
      { name: 'quality_ok', type: BOOLEAN, nullable: false },
    ];
    const spec: SinkSpec = {
      table: out,
      schema,
      mode: 'append',
      key: ['id'],
      queryId: out,
      routes: { failed: { table: bad, schema: [...schema, { name: 'failed_rules', type: STRING, nullable: false }] } },
    };
    const sink = new KafkaSink(spec, { brokers, consumerGroupId: `k2o-${out}`, kafka: lossy.kafka });
    const at = (offset: number) => [{ topic: source, partition: 0, offset: String(offset) }];
    const batch = (n: number) => ({ failed: [[`bad-${n}`, false, 'ok']] });
    try {
      await sink.open();
      await sink.writeBatch([['good-1', true]], at(2), headerOnly('{}'), [], [], batch(1));
      lossy.loseNextReply();
      const failed = await sink.writeBatch([['good-2', true]], at(4), headerOnly('{}'), [], at(2), batch(2)).catch((e: unknown) => e);
      expect((failed as Error).name).toBe('KafkaJSConnectionError');
      // The runner's retry: the same batch again.
      await sink.writeBatch([['good-2', true]], at(4), headerOnly('{}'), [], at(2), batch(2));
      await sink.writeBatch([['good-3', true]], at(6), headerOnly('{}'), [], at(4), batch(3));
    } finally {
      await sink.close();
    }
    const rows = await readCommitted(kafka, out, { atLeast: 3, settleMs: 1500 });
    expect(rows.map((r) => json<{ id: string }>(r).id)).toEqual(['good-1', 'good-2', 'good-3']);
    const routed = await readCommitted(kafka, bad, { atLeast: 3, settleMs: 1500 });
    expect(routed.map((r) => [r.key, r.value])).toEqual(
      [1, 2, 3].map((n) => [`bad-${n}`, `{"id":"bad-${n}","quality_ok":false,"failed_rules":"ok"}`]),
    );
  });
});

/**
 * The good/bad split into Kafka across SIGKILL: `k2o run` is killed while its
 * transactions are open, restarted, and run to the end. A read_committed reader
 * sees each order once, in the topic its rule decides: the route's records
 * commit or abort with the batch's.
 */
describe('FAILED ROWS INTO KAFKA across SIGKILL', () => {
  const kafka = createKafka(brokers, 'k2o-test-kafka-routes-crash');
  const admin = kafka.admin();
  const orders = generateOrders({ count: 12_000, seed: 13, stepMs: 200 });
  const topic = name('kr_crash');
  const good = `good_${topic}`;
  const bad = `bad_${topic}`;
  const group = `k2o-${good}`;

  beforeAll(async () => {
    await admin.connect();
    await ensureTopic(kafka, topic, 3);
    await produceJson(
      kafka,
      topic,
      orders.map((o, i) => ({ value: o, partition: i % 3 })),
    );
  });
  afterAll(() => admin.disconnect());

  const committed = async () =>
    (await admin.fetchOffsets({ groupId: group, topics: [topic] }))[0]!.partitions.reduce((n, p) => n + Math.max(0, Number(p.offset)), 0);

  it('every order once, in good or bad, after kills inside transactions and a restart', async () => {
    const text = (trigger: string) =>
      `SELECT order_id, amount, _partition, _offset FROM KAFKA ${topic} QUALITY (amount >= 1000 AS at_least_1000) ` +
      `INTO KAFKA ${good} FAILED ROWS INTO KAFKA ${bad} ${trigger} WITH (max_records_per_batch = 100);`;
    await createKeepingTopic(kafka, good);
    await createKeepingTopic(kafka, bad);
    await killInsideTransactions({
      kafka,
      brokers,
      file: ksqlFile(text('')),
      out: good,
      committed,
      killAfter: (round) => Math.min(0.8, round / 10) * orders.length,
      kills: 2,
    });
    expect(await committed()).toBeLessThan(orders.length);
    const rerun = await runCli(['run', ksqlFile(text('AVAILABLE NOW'))], { timeoutMs: 120_000 });
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(rerun.stderr).toMatch(/started from committed offsets/);

    const small = orders.filter((o) => !(o.amount >= 1000)).length;
    const goodRecords = await readCommitted(kafka, good, { atLeast: orders.length - small, settleMs: 2000, timeoutMs: 60_000 });
    const badRecords = await readCommitted(kafka, bad, { atLeast: small, settleMs: 2000, timeoutMs: 60_000 });
    type Out = {
      order_id: string;
      amount: number;
      _partition: number;
      _offset: string;
      quality_at_least_1000: boolean;
      failed_rules?: string;
    };
    const goodRows = goodRecords.map((r) => json<Out>(r));
    const badRows = badRecords.map((r) => json<Out>(r));
    expect(goodRows).toHaveLength(orders.length - small);
    expect(badRows).toHaveLength(small);
    expect(goodRows.every((r) => r.amount >= 1000 && r.quality_at_least_1000 && r.failed_rules === undefined)).toBe(true);
    expect(badRows.every((r) => r.amount < 1000 && !r.quality_at_least_1000 && r.failed_rules === 'at_least_1000')).toBe(true);
    const places = new Set([...goodRows, ...badRows].map((r) => `${r._partition}@${r._offset}`));
    expect(places.size).toBe(orders.length);
    // The kills landed inside transactions: aborted records are in the log, and read_committed readers skip them.
    const all = await Promise.all(
      [
        [good, goodRecords.length],
        [bad, badRecords.length],
      ].map(([t, n]) => readCommitted(kafka, t as string, { atLeast: n as number, settleMs: 2000, uncommitted: true })),
    );
    expect(all[0]!.length + all[1]!.length).toBeGreaterThan(goodRecords.length + badRecords.length);
  }, 300_000);
});
