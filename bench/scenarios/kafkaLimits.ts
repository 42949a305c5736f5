import { runTask } from '../child/runTask.js';
import { locateKafkaAlt } from '../tasks/kafkaAlt.js';
import type { BenchContext, Result, Scenario } from '../Scenario.js';

type Client =
  | { task: 'consumeKafkajs' }
  | { task: 'consumePlatformatic' }
  | { task: 'consumeSource'; client?: 'platformatic' }
  | { task: 'consumeConfluent'; api: 'native' | 'kafkajs' };

/** A Kafka consume limit: one client reading the whole loaded topic in a child process. */
function consumeLimit(id: string, title: string, client: Client, decode: boolean): Scenario {
  return {
    id,
    async run(ctx: BenchContext): Promise<Result[]> {
      const base = {
        brokers: ctx.brokers,
        topic: ctx.dataset.topic,
        groupId: `k2o-bench-${ctx.runId}-${id}`,
        records: ctx.dataset.records,
        decode,
      };
      ctx.progress(`${id} ${title}`);
      let outcome;
      if (client.task === 'consumeConfluent') {
        const alt = locateKafkaAlt();
        if ('missing' in alt) return [{ id, title, note: `skipped: ${alt.missing}` }];
        outcome = await runTask('consumeConfluent', { ...base, path: alt.path, api: client.api });
      } else if (client.task === 'consumeSource') {
        outcome = await runTask('consumeSource', { ...base, ...(client.client && { client: client.client }) });
      } else {
        outcome = await runTask(client.task, base);
      }
      const v = outcome.value;
      return [
        {
          id,
          title,
          records: v.records,
          seconds: v.seconds,
          rate: v.rate,
          peakRssMb: outcome.peakRssMb,
          details: { ...v, mbPerSecond: v.bytes / v.seconds / 1e6 },
        },
      ];
    },
  };
}

/**
 * L1–L6: kafkajs alone (the default client), k2o's KafkaSource over it, and the
 * librdkafka-based alternative; LP1–LP3: @platformatic/kafka alone and k2o's
 * PlatformaticSource over it, the second client `kafka.client` can choose.
 */
export const kafkaLimits: readonly Scenario[] = [
  consumeLimit('L1', 'kafkajs consume, no decode', { task: 'consumeKafkajs' }, false),
  consumeLimit('L2', 'kafkajs consume + JSON.parse', { task: 'consumeKafkajs' }, true),
  consumeLimit('L3', 'k2o KafkaSource.poll, no decode', { task: 'consumeSource' }, false),
  consumeLimit('L4', 'confluent-kafka-js native consume(n), no decode', { task: 'consumeConfluent', api: 'native' }, false),
  consumeLimit('L5', 'confluent-kafka-js native consume(n) + JSON.parse', { task: 'consumeConfluent', api: 'native' }, true),
  consumeLimit('L6', 'confluent-kafka-js KafkaJS API, no decode', { task: 'consumeConfluent', api: 'kafkajs' }, false),
  consumeLimit('LP1', '@platformatic/kafka consume stream, no decode', { task: 'consumePlatformatic' }, false),
  consumeLimit('LP2', '@platformatic/kafka consume stream + JSON.parse', { task: 'consumePlatformatic' }, true),
  consumeLimit('LP3', 'k2o PlatformaticSource.poll, no decode', { task: 'consumeSource', client: 'platformatic' }, false),
];
