import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { KafkaJSNumberOfRetriesExceeded, KafkaJSProtocolError, type Kafka, type ProducerConfig } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKafka, withAdmin } from '../../src/connectors/kafka/kafkaClient.js';
import { KafkaSink } from '../../src/connectors/kafka/KafkaSink.js';
import { TransactionalProducer, TransactionsUnavailableError } from '../../src/connectors/kafka/kafkaTransactions.js';
import { produceJson } from '../../src/connectors/kafka/produceJson.js';
import { ensureTopic } from '../../src/connectors/kafka/topics.js';
import { BIGINT, STRING } from '../../src/core/SqlType.js';
import type { SinkSpec } from '../../src/runtime/ports/Sink.js';
import { expectedWindowSums } from '../../tools/data/expectedWindows.js';
import { generateOrders } from '../../tools/data/orders.js';
import { CLI, ksqlFile, runCli } from '../helpers/cli.js';
import { lostCommitReplies } from '../helpers/lostCommitReply.js';
import { uniqueName } from '../helpers/kafka.js';
import { headerOnly } from '../helpers/committedState.js';
import { createKeepingTopic, readCommitted } from '../helpers/readTopic.js';

const brokers = (process.env['K2O_KAFKA_BROKERS'] ?? '127.0.0.1:19092').split(',');

/**
 * INTO KAFKA against the real broker: what a read_committed consumer of the
 * output topic sees, compared with values computed from the produced data.
 */
describe('INTO KAFKA, exactly once through Kafka transactions', () => {
  const kafka = createKafka(brokers, 'k2o-test-kafka-sink');
  const orders = generateOrders({ count: 3000, seed: 11, stepMs: 200 });
  const topic = uniqueName('ksink').replace(/-/g, '_');
  const last = Math.max(...orders.map((o) => Date.parse(o.ts)));

  beforeAll(async () => {
    await ensureTopic(kafka, topic, 3);
    await produceJson(
      kafka,
      topic,
      orders.map((o, i) => ({ value: o, partition: i % 3 })),
    );
    // Closes every window: one record per partition an hour past the last order.
    await produceJson(
      kafka,
      topic,
      [0, 1, 2].map((p) => ({
        value: { ...orders[0]!, order_id: `end-${p}`, amount: 0, ts: new Date(last + 3_600_000).toISOString() },
        partition: p,
      })),
    );
  });

  it('a tumbling window: each window once, its sum and count exact, keyed and stamped by window_start', async () => {
    const out = `win_${topic}`;
    await createKeepingTopic(kafka, out);
    const run = await runCli([
      'run',
      ksqlFile(
        `SELECT window(ts, '1 minute'), sum(amount), count(*) AS n FROM KAFKA ${topic} INTO KAFKA ${out} KEY (window_start) AVAILABLE NOW WITH (max_records_per_batch = 400);`,
      ),
    ]);
    expect(run.code, run.stderr).toBe(0);
    const expected = expectedWindowSums(orders, 60_000, -Infinity);
    const records = await readCommitted(kafka, out, { atLeast: expected.size });
    expect(records).toHaveLength(expected.size);
    const seen = new Set<number>();
    for (const r of records) {
      const v = JSON.parse(r.value!) as { window_start: string; window_end: string; sum_amount: number; n: number };
      const start = Date.parse(v.window_start);
      seen.add(start);
      const want = expected.get(start);
      expect(want, `window ${v.window_start}`).toBeDefined();
      expect(v.n).toBe(want!.count);
      expect(v.sum_amount).toBeCloseTo(want!.sum, 6);
      expect(Date.parse(v.window_end) - start).toBe(60_000);
      expect(r.key).toBe(v.window_start);
      expect(r.timestamp).toBe(start);
    }
    expect(seen.size).toBe(expected.size);
  });

  it('MODE UPDATE: every batch emits the changed groups; the last record per key is the final count', async () => {
    const out = `upd_${topic}`;
    const run = await runCli([
      'run',
      ksqlFile(
        `SELECT customer_id, count(*) AS n FROM KAFKA ${topic} GROUP BY customer_id INTO KAFKA ${out} MODE UPDATE KEY (customer_id) AVAILABLE NOW WITH (max_records_per_batch = 500);`,
      ),
    ]);
    expect(run.code, run.stderr).toBe(0);
    const want = new Map<string, number>();
    for (const o of [...orders, ...[0, 1, 2].map(() => orders[0]!)]) want.set(o.customer_id, (want.get(o.customer_id) ?? 0) + 1);
    const records = await readCommitted(kafka, out, { atLeast: want.size });
    const lastPerKey = new Map<string, number>();
    // One partition per key (murmur2 of the key), so offsets order a key's records.
    for (const r of [...records].sort((a, b) => Number(BigInt(a.offset) - BigInt(b.offset)))) {
      const v = JSON.parse(r.value!) as { customer_id: string; n: number };
      expect(r.key).toBe(v.customer_id);
      lastPerKey.set(v.customer_id, v.n);
    }
    expect(lastPerKey).toEqual(want);
    // More than one batch changed some group: UPDATE emitted intermediate counts too.
    expect(records.length).toBeGreaterThan(want.size);
  });

  it('DEAD LETTERS INTO KAFKA: undecodable records land in the dead-letter topic, in the batch transaction', async () => {
    const source = uniqueName('ksink_dl').replace(/-/g, '_');
    const out = `rows_${source}`;
    const dlq = `dlq_${source}`;
    await ensureTopic(kafka, source, 1);
    await produceJson(kafka, source, [
      { value: { order_id: 'a', amount: 1 } },
      { value: Buffer.from('not json') },
      { value: { order_id: 'b', amount: 'many' } },
      { value: { order_id: 'c', amount: 3 } },
    ]);
    const run = await runCli([
      'run',
      ksqlFile(
        `CREATE STREAM s (order_id STRING, amount DOUBLE) WITH (topic = '${source}');\n` +
          `SELECT order_id, amount FROM KAFKA s INTO KAFKA ${out} DEAD LETTERS INTO KAFKA ${dlq} AVAILABLE NOW;`,
      ),
    ]);
    expect(run.code, run.stderr).toBe(0);
    const rows = await readCommitted(kafka, out, { atLeast: 2 });
    expect(rows.map((r) => JSON.parse(r.value!))).toEqual([
      { order_id: 'a', amount: 1 },
      { order_id: 'c', amount: 3 },
    ]);
    const letters = (await readCommitted(kafka, dlq, { atLeast: 2 })).map((r) => JSON.parse(r.value!) as Record<string, unknown>);
    expect(letters.map((l) => [l['offset'], l['value']])).toEqual([
      ['1', 'not json'],
      ['2', '{"order_id":"b","amount":"many"}'],
    ]);
    expect(letters[0]!['reason']).toMatch(/JSON/);
    expect(letters[1]!['reason']).toMatch(/amount/);
    expect(letters.every((l) => l['topic'] === source && l['query_id'] === out)).toBe(true);
  });

  it('the example of docs/connectors.md, as written there: per-minute totals by customer, a bad record a dead letter', async () => {
    const doc = readFileSync(resolve(import.meta.dirname, '../../docs/connectors.md'), 'utf8');
    const example = /<!-- kafka-sink-example -->\n```sql\n([\s\S]*?)```/.exec(doc)?.[1];
    expect(example).toBeDefined();
    const names = { orders: uniqueName('doc_orders').replace(/-/g, '_'), out: uniqueName('doc_totals').replace(/-/g, '_') };
    const dlq = `${names.orders}_dlq`;
    const text = example!
      .replace('orders_dlq', dlq)
      .replace(/\borders\b/g, names.orders)
      .replace('order_totals_per_minute', names.out)
      .replace(/;\s*$/, ' AVAILABLE NOW;');
    await ensureTopic(kafka, names.orders, 2);
    await createKeepingTopic(kafka, names.out);
    const at = (s: number) => new Date(Date.UTC(2024, 0, 1, 0, 0, s)).toISOString();
    await produceJson(kafka, names.orders, [
      { value: { order_id: 'o1', customer_id: 'c1', amount: 10, ts: at(5) }, partition: 0 },
      { value: { order_id: 'o2', customer_id: 'c2', amount: 5, ts: at(20) }, partition: 1 },
      { value: { order_id: 'o3', customer_id: 'c1', amount: 20, ts: at(50) }, partition: 0 },
      { value: Buffer.from('{"order_id": "o4", '), partition: 1 },
      { value: { order_id: 'o5', customer_id: 'c1', amount: 1, ts: at(200) }, partition: 0 },
      { value: { order_id: 'o6', customer_id: 'c2', amount: 1, ts: at(200) }, partition: 1 },
    ]);
    const run = await runCli(['run', ksqlFile(text)]);
    expect(run.code, run.stderr).toBe(0);
    const records = await readCommitted(kafka, names.out, { atLeast: 2 });
    expect(records.map((r) => [r.key, JSON.parse(r.value!)]).sort()).toEqual([
      ['c1', { window_start: at(0), window_end: at(60), customer_id: 'c1', total: 30, n: 2 }],
      ['c2', { window_start: at(0), window_end: at(60), customer_id: 'c2', total: 5, n: 1 }],
    ]);
    expect(records.every((r) => r.timestamp === Date.parse(at(0)))).toBe(true);
    // The record the docs show, byte for byte.
    const shown = /such as\n`(\{.*?\})`/.exec(doc)?.[1];
    expect(records.find((r) => r.key === 'c1')?.value).toBe(shown);
    const letters = await readCommitted(kafka, dlq, { atLeast: 1 });
    expect(letters.map((l) => JSON.parse(l.value!))).toMatchObject([
      { topic: names.orders, partition: 1, offset: '1', value: '{"order_id": "o4", ' },
    ]);
  });

  it('state entries: a restart reads each entry as the last commit up to the header its offsets name left it, and nothing of an aborted transaction', async () => {
    const out = `entries_${topic}`;
    const spec: SinkSpec = { table: out, schema: [{ name: 'id', type: STRING, nullable: false }], mode: 'append', key: [], queryId: out };
    const group = `k2o-test-${out}`;
    const at = (offset: number) => [{ topic, partition: 0, offset: String(offset) }];
    const entry = (key: string, value: string) => ({ operator: 'Agg#1:a', keyGroup: 7, key, value });
    const sink = new KafkaSink(spec, { brokers, consumerGroupId: group });
    const restarted = new KafkaSink(spec, { brokers, consumerGroupId: group });
    const stranger = kafka.producer({ transactionalId: `k2o-test-abort-${out}`, idempotent: true, maxInFlightRequests: 1 });
    try {
      await sink.open();
      await sink.writeBatch([['a']], at(1), { header: '{"h":1}', put: [entry('w1/a', '1'), entry('w1/b', '2')], deleted: [] });
      // A transaction on the state topic, between the two commits, that never commits: a read_committed restore must not see it.
      await stranger.connect();
      const txn = await stranger.transaction();
      await txn.send({ topic: `k2o_state.${out}`, messages: [{ key: JSON.stringify(['Agg#1:a', 7, 'w1/a']), value: '99' }] });
      await txn.abort();
      await sink.writeBatch([['b']], at(2), {
        header: '{"h":2}',
        put: [entry('w1/c', '3'), entry('w2/c', '4')],
        deleted: [entry('w1/b', '')],
      });
      await sink.writeBatch([['c']], at(3), { header: '{"h":3}', put: [entry('w1/c', '5')], deleted: [] });
      await restarted.open();
      const state = await restarted.readState();
      expect(state?.header).toBe('{"h":3}');
      expect([...state!.entries].sort((x, y) => (x.key < y.key ? -1 : 1))).toEqual([
        entry('w1/a', '1'),
        entry('w1/c', '5'),
        entry('w2/c', '4'),
      ]);
    } finally {
      await stranger.disconnect();
      await sink.close();
      await restarted.close();
    }
  });

  it('a zombie is fenced: a second sink of the same query fences the first, whose next batch writes nothing', async () => {
    const out = `zombie_${topic}`;
    const spec: SinkSpec = {
      table: out,
      schema: [
        { name: 'id', type: STRING, nullable: false },
        { name: 'n', type: BIGINT, nullable: false },
      ],
      mode: 'append',
      key: [],
      queryId: out,
    };
    const group = `k2o-test-${out}`;
    const first = new KafkaSink(spec, { brokers, consumerGroupId: group });
    const second = new KafkaSink(spec, { brokers, consumerGroupId: group });
    const at = (offset: number) => [{ topic, partition: 0, offset: String(offset) }];
    try {
      await first.open();
      expect(await first.readOffsets()).toEqual([]);
      await first.writeBatch([['first', 1]], at(1), headerOnly('{"s":1}'), [], []);
      await second.open();
      // The second process starts from what the first committed: offsets and state.
      expect(await second.readOffsets()).toEqual(at(1));
      expect((await second.readState())?.header).toBe('{"s":1}');
      await expect(first.writeBatch([['zombie', 2]], at(2), headerOnly('{"s":2}'), [], at(1))).rejects.toThrow(
        /another process started this query \(Kafka transactional.id 'k2o-zombie_.*'\) and fenced this one/,
      );
      await second.writeBatch([['second', 2]], at(2), headerOnly('{"s":2}'), [], at(1));
    } finally {
      await first.close();
      await second.close();
    }
    const records = await readCommitted(kafka, out, { atLeast: 2 });
    expect(records.map((r) => JSON.parse(r.value!).id)).toEqual(['first', 'second']);
    const offsets = await withAdmin(kafka, (admin) => admin.fetchOffsets({ groupId: group, topics: [topic] }));
    expect(offsets[0]!.partitions.find((p) => p.partition === 0)?.offset).toBe('2');
  });

  afterAll(async () => {
    await withAdmin(kafka, (admin) => admin.deleteTopics({ topics: [topic] })).catch(() => undefined);
  });
});

describe('INTO KAFKA: a second process of the query fences the first', () => {
  const kafka = createKafka(brokers, 'k2o-test-kafka-fence');

  it('the fenced process stops with a message naming the transactional id; the other writes every record once', async () => {
    const source = uniqueName('kfence').replace(/-/g, '_');
    const out = `out_${source}`;
    await ensureTopic(kafka, source, 2);
    const ids = (from: number, n: number) => Array.from({ length: n }, (_, i) => ({ value: { id: from + i }, partition: (from + i) % 2 }));
    await produceJson(kafka, source, ids(0, 100));
    const file = ksqlFile(
      `CREATE STREAM s (id INT) WITH (topic = '${source}');\nSELECT id FROM KAFKA s INTO KAFKA ${out} WITH (max_records_per_batch = 10);`,
    );
    const env = { ...process.env, K2O_KAFKA_BROKERS: brokers.join(',') };
    const start = () => {
      const child = spawn(process.execPath, [CLI, 'run', file], { env, stdio: ['ignore', 'ignore', 'pipe'] });
      const run = { child, stderr: '', code: undefined as number | null | undefined };
      child.stderr!.on('data', (d: Buffer) => (run.stderr += d.toString()));
      const exited = new Promise<typeof run>((resolve) => child.on('exit', (code) => resolve(Object.assign(run, { code }))));
      return { run, exited };
    };
    // Once the first has committed, the second starts: it fences the first at its start. Kafka 4.1 can
    // fail a commit that races that fencing with an internal error; the first's retry then fences the
    // second instead. Either way one process stops, fenced, and the other writes everything once.
    const first = start();
    const deadline = Date.now() + 60_000;
    while (!/batches|started/.test(first.run.stderr)) {
      if (Date.now() > deadline) throw new Error(`the first process did not start:\n${first.run.stderr}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    const second = start();
    let stopped: Awaited<typeof first.exited> | undefined;
    void Promise.race([first.exited, second.exited]).then((r) => (stopped = r));
    let next = 100;
    while (stopped === undefined && next < 2000) {
      await new Promise((r) => setTimeout(r, 200));
      await produceJson(kafka, source, ids(next, 20));
      next += 20;
    }
    const fenced = stopped ?? (await Promise.race([first.exited, second.exited]));
    const other = fenced === first.run ? second : first;
    expect(fenced.code, `${fenced.stderr}\n--- the other process:\n${other.run.stderr}`).not.toBe(0);
    expect(fenced.stderr).toMatch(
      new RegExp(`another process started this query \\(Kafka transactional.id 'k2o-${out}'\\) and fenced this one`),
    );
    try {
      const records = await readCommitted(kafka, out, { atLeast: next, settleMs: 3000, timeoutMs: 60_000 });
      const seen = records.map((r) => (JSON.parse(r.value!) as { id: number }).id);
      expect(seen).toHaveLength(next);
      expect(new Set(seen).size).toBe(next);
    } finally {
      other.run.child.kill('SIGTERM');
      await other.exited;
    }
  }, 120_000);
});

/**
 * A broker that cannot run transactions, played by the real broker behind a
 * producer whose transaction start fails as such a broker makes it fail: k2o
 * stops at start with the reason, never falls back to at-least-once.
 */
describe('INTO KAFKA against a broker without transactions', () => {
  const kafka = createKafka(brokers, 'k2o-test-kafka-no-txn');
  const failingTransactions = (fail: () => Promise<never>): Kafka =>
    Object.assign(Object.create(kafka) as Kafka, {
      producer: (config?: ProducerConfig) => ({ ...kafka.producer(config), transaction: fail }),
    });

  it('a coordinator that never answers (no transaction state log): a start-up error naming the cause, after the bounded wait', async () => {
    const producer = new TransactionalProducer(
      failingTransactions(() => new Promise<never>(() => {})),
      brokers,
      'k2o-no-coordinator',
      300,
    );
    await expect(producer.open()).rejects.toThrow(
      /^INTO KAFKA writes exactly once through Kafka transactions, and the broker at .* did not start a transactional producer \(no transaction coordinator answered within 300 ms\); check that/,
    );
  });

  it('a transactional id the broker refuses: the same error at once, not retried', async () => {
    const refused = new KafkaJSProtocolError({
      type: 'TRANSACTIONAL_ID_AUTHORIZATION_FAILED',
      code: 53,
      retriable: false,
      message: 'Transactional Id authorization failed',
    } as unknown as Error);
    const producer = new TransactionalProducer(
      failingTransactions(() => Promise.reject(refused)),
      brokers,
      'k2o-refused',
    );
    const error = await producer.open().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransactionsUnavailableError);
    expect((error as Error).message).toContain('(Transactional Id authorization failed)');
    expect((error as { retriable?: boolean }).retriable).toBe(false);
  });

  it('a coordinator still settling the last transaction of the id (another process mid-transaction): a retriable error, not "no transactions"', async () => {
    const busy = new KafkaJSProtocolError({
      type: 'CONCURRENT_TRANSACTIONS',
      code: 51,
      retriable: true,
      message: 'The producer attempted to update a transaction while another concurrent operation on the same transaction was ongoing',
    } as unknown as Error);
    const producer = new TransactionalProducer(
      failingTransactions(() => Promise.reject(new KafkaJSNumberOfRetriesExceeded(busy, { retryCount: 5, retryTime: 1000 }))),
      brokers,
      'k2o-busy-coordinator',
    );
    const error = await producer.open().catch((e: unknown) => e);
    expect(error).not.toBeInstanceOf(TransactionsUnavailableError);
    expect((error as { retriable?: boolean }).retriable).toBe(true);
  });
});

/**
 * A commit whose reply is lost: the broker committed, the sink heard an error.
 * Played by the real broker behind a transaction whose commit() commits and then
 * throws as a dropped connection does. The retry must not write the batch again.
 */
describe('INTO KAFKA: a batch retried after a lost commit reply', () => {
  const kafka = createKafka(brokers, 'k2o-test-kafka-lost-reply');

  it('the retry settles the transaction, sees its offsets committed, and writes nothing twice', async () => {
    const source = uniqueName('klost').replace(/-/g, '_');
    const out = `out_${source}`;
    await ensureTopic(kafka, source, 1);
    const lossy = lostCommitReplies(kafka);
    const spec: SinkSpec = {
      table: out,
      schema: [{ name: 'id', type: STRING, nullable: false }],
      mode: 'append',
      key: [],
      queryId: out,
    };
    const sink = new KafkaSink(spec, { brokers, consumerGroupId: `k2o-${out}`, kafka: lossy.kafka });
    const at = (offset: number) => [{ topic: source, partition: 0, offset: String(offset) }];
    try {
      await sink.open();
      await sink.writeBatch([['one']], at(1), headerOnly('{}'), [], []);
      lossy.loseNextReply();
      const failed = await sink.writeBatch([['two']], at(2), headerOnly('{}'), [], at(1)).catch((e: unknown) => e);
      expect((failed as Error).name).toBe('KafkaJSConnectionError');
      expect((failed as { retriable?: boolean }).retriable).toBe(true);
      // The runner's retry: the same batch again.
      await sink.writeBatch([['two']], at(2), headerOnly('{}'), [], at(1));
      await sink.writeBatch([['three']], at(3), headerOnly('{}'), [], at(2));
    } finally {
      await sink.close();
    }
    const records = await readCommitted(kafka, out, { atLeast: 3, settleMs: 1500 });
    expect(records.map((r) => JSON.parse(r.value!).id)).toEqual(['one', 'two', 'three']);
  });
});

/**
 * A new broker answers a group's first requests with "the coordinator is
 * loading", so the runner retries opening the sink. Played by the real broker
 * behind an admin client whose first fetchOffsets throws that error: the
 * clients of the failed attempt must be closed, or their sockets keep the
 * process alive after the query has ended.
 */
describe('INTO KAFKA: an open retried after the coordinator was loading', () => {
  const kafka = createKafka(brokers, 'k2o-test-kafka-open-retry');

  it('closes every client the failed attempt connected', async () => {
    const out = uniqueName('kopen').replace(/-/g, '_');
    const open = { admins: 0, producers: 0 };
    let failNextFetch = true;
    const counted = Object.assign(Object.create(kafka) as Kafka, {
      admin: () => {
        const real = kafka.admin();
        return {
          ...real,
          connect: async () => {
            await real.connect();
            open.admins++;
          },
          disconnect: async () => {
            await real.disconnect();
            open.admins--;
          },
          fetchOffsets: async (...args: Parameters<typeof real.fetchOffsets>) => {
            if (!failNextFetch) return real.fetchOffsets(...args);
            failNextFetch = false;
            throw new KafkaJSProtocolError({
              type: 'COORDINATOR_LOAD_IN_PROGRESS',
              code: 14,
              retriable: true,
              message: 'The coordinator is loading and hence can not process requests',
            } as unknown as Error);
          },
        };
      },
      producer: (config?: ProducerConfig) => {
        const real = kafka.producer(config);
        return {
          ...real,
          connect: async () => {
            await real.connect();
            open.producers++;
          },
          disconnect: async () => {
            await real.disconnect();
            open.producers--;
          },
        };
      },
    });
    const spec: SinkSpec = { table: out, schema: [{ name: 'id', type: STRING, nullable: false }], mode: 'append', key: [], queryId: out };
    const sink = new KafkaSink(spec, { brokers, consumerGroupId: `k2o-${out}`, kafka: counted });
    const failed = await sink.open().catch((e: unknown) => e);
    expect((failed as { type?: string }).type).toBe('COORDINATOR_LOAD_IN_PROGRESS');
    expect(open).toEqual({ admins: 0, producers: 0 });
    await sink.open();
    expect(open).toEqual({ admins: 1, producers: 1 });
    await sink.close();
    expect(open).toEqual({ admins: 0, producers: 0 });
  });
});

/**
 * A micro-batch of the default size (10,000 rows) is several megabytes of
 * records: sent as one produce request, its record batch for a partition is
 * over the broker's message.max.bytes (1 MB) and the broker refuses it.
 */
describe('INTO KAFKA: micro-batches larger than a broker takes in one request', () => {
  const kafka = createKafka(brokers, 'k2o-test-kafka-large-batches');

  it('writes every record once, a batch sent in requests the broker accepts', async () => {
    const source = uniqueName('kbig').replace(/-/g, '_');
    const out = `out_${source}`;
    await ensureTopic(kafka, source, 1);
    const note = 'x'.repeat(300);
    const count = 12_000;
    await produceJson(
      kafka,
      source,
      Array.from({ length: count }, (_, i) => ({ partition: 0, value: { id: `r${i}`, note } })),
    );
    const run = await runCli(['run', ksqlFile(`SELECT id, note FROM KAFKA ${source} INTO KAFKA ${out} AVAILABLE NOW;`)]);
    expect(run.code, run.stderr).toBe(0);
    const records = await readCommitted(kafka, out, { atLeast: count });
    const ids = records.map((r) => (JSON.parse(r.value!) as { id: string }).id);
    expect(ids).toHaveLength(count);
    expect(new Set(ids).size).toBe(count);
  }, 120_000);
});
