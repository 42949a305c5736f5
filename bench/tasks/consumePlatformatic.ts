import { Consumer } from '@platformatic/kafka';
import type { TaskChannel } from '../child/tasks.js';
import type { ConsumeParams, ConsumeValue } from './consumeKafkajs.js';
import { ConsumeTiming } from './consumeTiming.js';

/**
 * The raw @platformatic/kafka consumer, nothing of k2o around it: its message
 * stream, as its README consumes it, with the fetch wait k2o gives every client
 * (100 ms) and no commits.
 */
export async function run(p: ConsumeParams, _channel: TaskChannel): Promise<ConsumeValue> {
  const consumer = new Consumer({
    clientId: 'k2o-bench-raw-platformatic',
    bootstrapBrokers: [...p.brokers],
    groupId: p.groupId,
    maxWaitTime: 100,
    autocommit: false,
  });
  const timing = new ConsumeTiming();
  consumer.on('consumer:group:join', () => timing.begin());
  let bytes = 0;
  let sink = 0; // keeps the decode from being optimised away
  const stream = await consumer.consume({ topics: [p.topic], mode: 'earliest', autocommit: false });
  await new Promise<void>((resolve, reject) => {
    stream.on('error', reject);
    stream.on('data', (m) => {
      const value = m.value;
      bytes += value.length;
      if (p.decode) sink += (JSON.parse(value.toString('utf8')) as { amount: number }).amount > 0 ? 1 : 0;
      timing.add(1);
      if (timing.records >= p.records) resolve();
    });
  });
  const result = timing.result();
  await stream.close();
  await consumer.close(true);
  if (sink < 0) console.log(sink);
  return { ...result, bytes };
}
