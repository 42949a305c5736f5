import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { createKafka } from '../../src/connectors/kafka/kafkaClient.js';
import { produceJson } from '../../src/connectors/kafka/produceJson.js';
import { ensureTopic } from '../../src/connectors/kafka/topics.js';
import { uniqueName } from '../helpers/kafka.js';

const brokers = (process.env['K2O_KAFKA_BROKERS'] ?? '127.0.0.1:19092').split(',');

/** The program in docs/monitoring.md is code users copy: it must run and print what the text says. */
describe('docs/monitoring.md', () => {
  it('its Engine example serves /api/queries and /metrics for the queries it watches', async () => {
    const topic = uniqueName('monitor_doc').replace(/-/g, '_');
    const kafka = createKafka(brokers, 'k2o-test-monitoring-doc');
    await ensureTopic(kafka, topic, 1);
    await produceJson(
      kafka,
      topic,
      Array.from({ length: 20 }, (_, i) => ({ value: { order_id: i, amount: i * 10 } })),
    );
    const example = /```ts\n([\s\S]*?)```/.exec(readFileSync('docs/monitoring.md', 'utf8'))?.[1];
    expect(example).toBeDefined();
    const file = join(mkdtempSync(join(tmpdir(), 'k2o-monitoring-')), 'example.ts');
    writeFileSync(file, example!.replace(/from 'k2o'/g, `from '${resolve('src/index.ts')}'`));
    const logs: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((...x: unknown[]) => void logs.push(x.join(' ')));
    process.env['ORDERS_TOPIC'] = topic;
    try {
      await import(file);
    } finally {
      vi.restoreAllMocks();
      delete process.env['ORDERS_TOPIC'];
    }
    expect(logs).toEqual(['COMPLETED 20', `k2o_rows_out_total{query="${topic}_copy"} 20`]);
  }, 60_000);
});
