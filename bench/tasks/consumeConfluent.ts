import type { TaskChannel } from '../child/tasks.js';
import type { ConsumeParams, ConsumeValue } from './consumeKafkajs.js';
import { ConsumeTiming } from './consumeTiming.js';
import { loadKafkaAlt, type AltMessage } from './kafkaAlt.js';

export interface ConfluentParams extends ConsumeParams {
  readonly path: string;
  /** 'native': the librdkafka-style consume(n) loop; 'kafkajs': the package's KafkaJS-compatible API. */
  readonly api: 'native' | 'kafkajs';
}

const CONSUME_RECORDS = 10_000;
/** librdkafka's rebalance event code for "partitions assigned". */
const ASSIGN_PARTITIONS = -175;
/**
 * Fetch sizes of 10 MB per partition: at librdkafka's defaults (1 MB) it read
 * about 140,000 records/s here, with these about 220,000; the comparison gives
 * it its better figure.
 */
const FETCH_CONFIG = { 'max.partition.fetch.bytes': 10 * 1024 * 1024, 'fetch.max.bytes': 100 * 1024 * 1024 };
const BASE_CONFIG = (p: ConfluentParams): Record<string, unknown> => ({
  'metadata.broker.list': p.brokers.join(','),
  'group.id': p.groupId,
  'enable.auto.commit': false,
  ...FETCH_CONFIG,
});

/** The same measurement as consumeKafkajs, with @confluentinc/kafka-javascript. */
export async function run(p: ConfluentParams, _channel: TaskChannel): Promise<ConsumeValue & { librdkafka: string }> {
  const mod = loadKafkaAlt(p.path);
  const timing = new ConsumeTiming();
  let bytes = 0;
  let sink = 0;
  const handle = (messages: readonly AltMessage[]): void => {
    for (const m of messages) {
      bytes += m.value!.length;
      if (p.decode) sink += (JSON.parse(m.value!.toString('utf8')) as { amount: number }).amount > 0 ? 1 : 0;
    }
    timing.add(messages.length);
  };
  const assigned = (): void => timing.begin();
  if (p.api === 'native') await consumeNative(mod, p, assigned, handle, () => timing.records >= p.records);
  else await consumeCompat(mod, p, assigned, handle, () => timing.records >= p.records);
  if (sink < 0) console.log(sink);
  return { ...timing.result(), bytes, librdkafka: mod.librdkafkaVersion };
}

async function consumeNative(
  mod: ReturnType<typeof loadKafkaAlt>,
  p: ConfluentParams,
  assigned: () => void,
  handle: (m: readonly AltMessage[]) => void,
  done: () => boolean,
): Promise<void> {
  const consumer = new mod.KafkaConsumer({ ...BASE_CONFIG(p), rebalance_cb: true }, { 'auto.offset.reset': 'earliest' });
  consumer.on('rebalance', (err) => err.code === ASSIGN_PARTITIONS && assigned());
  await new Promise<void>((resolve, reject) => consumer.connect({}, (err) => (err ? reject(err) : resolve())));
  consumer.subscribe([p.topic]);
  // Return what is ready once the first message is in, like kafkajs's batches.
  consumer.setDefaultIsTimeoutOnlyForFirstMessage(true);
  consumer.setDefaultConsumeTimeout(100);
  while (!done()) {
    const messages = await new Promise<AltMessage[]>((resolve, reject) =>
      consumer.consume(CONSUME_RECORDS, (err, m) => (err ? reject(err) : resolve(m))),
    );
    if (messages.length > 0) handle(messages);
  }
  await new Promise<void>((resolve) => consumer.disconnect(() => resolve()));
}

async function consumeCompat(
  mod: ReturnType<typeof loadKafkaAlt>,
  p: ConfluentParams,
  assigned: () => void,
  handle: (m: readonly AltMessage[]) => void,
  done: () => boolean,
): Promise<void> {
  const kafka = new mod.KafkaJS.Kafka({ kafkaJS: { brokers: [...p.brokers], logLevel: 1 } });
  // Batches are built client-side, 32 messages by default; -1 hands over all that is cached.
  const consumer = kafka.consumer({
    kafkaJS: { groupId: p.groupId, fromBeginning: true, autoCommit: false },
    ...FETCH_CONFIG,
    'js.consumer.max.batch.size': -1,
    rebalance_cb: (err: { code: number }) => void (err.code === ASSIGN_PARTITIONS && assigned()),
  });
  let finish!: () => void;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  await consumer.connect();
  await consumer.subscribe({ topics: [p.topic] });
  await consumer.run({
    eachBatch: async ({ batch }) => {
      handle(batch.messages);
      if (done()) finish();
    },
  });
  await finished;
  await consumer.disconnect();
}
