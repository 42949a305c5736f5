import { KafkaSource, type KafkaSourceOptions } from '../../src/connectors/kafka/KafkaSource.js';
import { PlatformaticSource } from '../../src/connectors/kafka/platformatic/PlatformaticSource.js';
import type { KafkaClientName } from '../../src/config/kafkaClientChoice.js';
import type { TaskChannel } from '../child/tasks.js';
import type { ConsumeParams, ConsumeValue } from './consumeKafkajs.js';
import { ConsumeTiming } from './consumeTiming.js';

/** Records per poll: the default max_records_per_batch of a query. */
const POLL_RECORDS = 10_000;

/**
 * k2o's source of one client (KafkaSource: kafkajs under a pull adapter;
 * PlatformaticSource: its own fetches over @platformatic/kafka), polled as the
 * runtime polls it, without decoding: what the source side of a query costs
 * before any operator runs.
 */
export async function run(p: ConsumeParams & { readonly client?: KafkaClientName }, _channel: TaskChannel): Promise<ConsumeValue> {
  const options: KafkaSourceOptions = {
    brokers: p.brokers,
    topics: [p.topic],
    groupId: p.groupId,
    startingOffsets: 'earliest',
    clientId: 'k2o-bench-source',
  };
  const source = p.client === 'platformatic' ? new PlatformaticSource(options) : new KafkaSource(options);
  const timing = new ConsumeTiming();
  let bytes = 0;
  await source.start([]);
  timing.begin();
  try {
    while (timing.records < p.records) {
      const records = await source.poll(POLL_RECORDS, 500);
      if (records.length === 0) continue;
      for (const r of records) bytes += r.value?.length ?? 0;
      if (p.decode) for (const r of records) JSON.parse(r.value!.toString('utf8'));
      timing.add(records.length);
    }
  } finally {
    await source.close();
  }
  return { ...timing.result(), bytes };
}
