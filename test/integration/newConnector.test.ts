import { beforeAll, describe, expect, it } from 'vitest';
import { compile } from '../../src/compile.js';
import { explain } from '../../src/explain.js';
import { createKafka } from '../../src/connectors/kafka/kafkaClient.js';
import { produceJson } from '../../src/connectors/kafka/produceJson.js';
import { ensureTopic } from '../../src/connectors/kafka/topics.js';
import { createSink, createSource } from '../../src/connectors/createConnectors.js';
import { QueryRunner } from '../../src/runtime/QueryRunner.js';
import type { Logger } from '../../src/runtime/Logger.js';
import { MEMORY_TABLES } from '../helpers/memory/MemorySink.js';
import { REGISTRY_WITH_MEMORY } from '../helpers/memory/registry.js';
import { uniqueName } from '../helpers/kafka.js';

const brokers = (process.env['K2O_KAFKA_BROKERS'] ?? '127.0.0.1:19092').split(',');
const quiet: Logger = { info: () => {}, warn: () => {}, error: () => {} };
const connectors = REGISTRY_WITH_MEMORY.map((c) => c.descriptor);

/**
 * A new sink is a folder (test/helpers/memory: descriptor, sink, connector
 * module) and a registry line: with nothing else changed, `INTO memory t`
 * parses, is checked against its descriptor, plans, and runs from a real topic.
 */
describe('a connector added by a folder and a registry line', () => {
  const kafka = createKafka(brokers, 'k2o-test-new-connector');
  const topic = uniqueName('memory_sink').replace(/-/g, '_');
  const table = `seen_${topic}`;
  const orders = Array.from({ length: 50 }, (_, i) => ({ order_id: `o${i}`, amount: i * 1.5 }));
  const text = `SELECT order_id, amount FROM KAFKA ${topic} WHERE amount >= 30 INTO MEMORY ${table} AVAILABLE NOW WITH (label = 'big orders');`;

  beforeAll(async () => {
    await ensureTopic(kafka, topic, 2);
    await produceJson(
      kafka,
      topic,
      orders.map((o) => ({ key: o.order_id, value: o })),
    );
  });

  it('is unknown to a compilation that was not given it, with what it might have meant', () => {
    const [d] = compile(text.replace('MEMORY', 'MEMROY'), { connectors }).diagnostics;
    expect(d).toMatchObject({ code: 'K2012', message: "Unknown connector 'memroy'.", hint: 'Did you mean MEMORY?' });
    expect(compile(text).diagnostics.map((x) => x.code)).toEqual(['K2012']);
  });

  it('is checked against its descriptor: its modes and its options', () => {
    const update = compile(text.replace('AVAILABLE NOW', 'MODE UPDATE KEY (order_id) AVAILABLE NOW'), { connectors });
    expect(update.diagnostics).toMatchObject([{ code: 'K2013', message: 'MEMORY cannot write MODE UPDATE.', hint: 'Write MODE APPEND.' }]);
    const option = compile(text.replace('label =', 'lable ='), { connectors });
    expect(option.diagnostics).toMatchObject([{ code: 'K2006', hint: "Did you mean 'label'?" }]);
  });

  it('plans as one SinkExec named after it, its options beside the target', () => {
    const shown = explain(text, { connectors });
    expect(shown.diagnostics).toEqual([]);
    expect(shown.text).toContain(`01)MemorySinkExec: ${table} mode=append options=[label="big orders"] query=${table}`);
    const [q] = compile(text, { connectors }).queries;
    expect(q!.physical).toMatchObject({
      kind: 'SinkExec',
      target: { connector: 'memory', target: table, options: { label: 'big orders' } },
    });
    expect(q!.runtimeGaps).toEqual([]);
  });

  it('runs: rows from a real topic land in its sink, with their offsets and its options', async () => {
    const [q] = compile(text, { connectors }).queries;
    const config = { kafkaBrokers: brokers, urls: {} };
    const sink = await createSink(q!.physical, config, REGISTRY_WITH_MEMORY);
    const source = await createSource(q!.physical, config, REGISTRY_WITH_MEMORY);
    const metrics = await new QueryRunner(q!.physical, { source, sink, log: quiet }).run();
    expect(metrics.recordsIn).toBe(orders.length);
    const written = MEMORY_TABLES.get(table)!;
    expect(written.spec.options).toEqual({ label: 'big orders' });
    const expected = orders.filter((o) => o.amount >= 30).map((o) => [o.order_id, o.amount]);
    expect([...written.rows].sort((a, b) => String(a[0]).localeCompare(String(b[0])))).toEqual(
      expected.sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    );
    expect(written.offsets.reduce((n, o) => n + Number(o.offset), 0)).toBe(orders.length);
  });

  it('is refused by the runtime of a registry without it, as a compilation without it refuses the text', async () => {
    const [q] = compile(text, { connectors }).queries;
    await expect(createSink(q!.physical, { kafkaBrokers: brokers, urls: {} })).rejects.toThrow("connector 'memory' is not in the registry");
  });
});
