import type { EachBatchPayload } from 'kafkajs';
import { createKafka } from '../../src/connectors/kafka/kafkaClient.js';
import type { TaskChannel } from '../child/tasks.js';
import { ConsumeTiming } from './consumeTiming.js';

export interface ConsumeParams {
  readonly brokers: readonly string[];
  readonly topic: string;
  readonly groupId: string;
  /** Stop after this many records: the whole topic. */
  readonly records: number;
  /** JSON.parse each value, as every JSON pipeline must. */
  readonly decode: boolean;
}

export interface ConsumeValue {
  readonly records: number;
  readonly seconds: number;
  readonly rate: number;
  readonly bytes: number;
}

/**
 * The raw kafkajs consumer, nothing of k2o around it: the Kafka side of the
 * ceiling. Same fetch setting as k2o's KafkaSource (maxWaitTimeInMs 100), so
 * the difference to the L3 figure is k2o's adapter alone.
 */
export async function run(p: ConsumeParams, _channel: TaskChannel): Promise<ConsumeValue> {
  const kafka = createKafka(p.brokers, 'k2o-bench-raw');
  const consumer = kafka.consumer({ groupId: p.groupId, maxWaitTimeInMs: 100 });
  const timing = new ConsumeTiming();
  let bytes = 0;
  let sink = 0; // keeps the decode from being optimised away
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  consumer.on(consumer.events.GROUP_JOIN, () => timing.begin());
  await consumer.connect();
  await consumer.subscribe({ topics: [p.topic], fromBeginning: true });
  await consumer.run({
    autoCommit: false,
    eachBatch: async ({ batch }: EachBatchPayload) => {
      for (const m of batch.messages) {
        const value = m.value!;
        bytes += value.length;
        if (p.decode) sink += (JSON.parse(value.toString('utf8')) as { amount: number }).amount > 0 ? 1 : 0;
      }
      timing.add(batch.messages.length);
      if (timing.records >= p.records) finish();
    },
  });
  await done;
  const result = timing.result();
  await consumer.disconnect();
  if (sink < 0) console.log(sink);
  return { ...result, bytes };
}
