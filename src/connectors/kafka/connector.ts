import type { ConnectorModule, StreamSourceSpec } from '../ConnectorModule.js';
import type { K2oConfig } from '../../config/K2oConfig.js';
import { KafkaSink } from './KafkaSink.js';
import { KafkaSource, type KafkaSourceOptions } from './KafkaSource.js';
import { PlatformaticSource } from './platformatic/PlatformaticSource.js';
import { consumerGroupOf } from './queryNames.js';

/** `kafka.client` chooses the source's client; the sink below is kafkajs's whatever it says. */
export const createStreamSource: ConnectorModule['createStreamSource'] = (spec, config) => {
  const options = sourceOptions(spec, config);
  const choice = config.kafkaClient;
  if (choice?.client !== 'platformatic') return new KafkaSource(options);
  return new PlatformaticSource({ ...options, ...(choice.groupInstanceId !== undefined && { groupInstanceId: choice.groupInstanceId }) });
};

function sourceOptions(spec: StreamSourceSpec, config: K2oConfig): KafkaSourceOptions {
  return {
    brokers: config.kafkaBrokers,
    topics: [...spec.topics],
    ...(spec.topicPattern !== undefined && { topicPattern: spec.topicPattern }),
    // group_id is the group lag tools are pointed at, used as written; the compiler refuses two queries sharing one
    // (the group assigns partitions, so they would split the topic). Without it, one group per query.
    groupId: consumerGroupOf(spec.queryId, spec.groupId),
    startingOffsets: spec.startingOffsets,
    clientId: `k2o-${spec.queryId}`,
    ...(spec.consumer && { consumer: spec.consumer }),
    ...(config.log && { log: config.log }),
    ...(config.kafkaSecurity && { security: config.kafkaSecurity }),
  };
}

/** INTO KAFKA: the query's offsets commit to its source's consumer group, in the batch's transaction. */
export const createSink: ConnectorModule['createSink'] = (spec, config) =>
  new KafkaSink(spec, {
    brokers: config.kafkaBrokers,
    ...(config.kafkaSecurity && { security: config.kafkaSecurity }),
    consumerGroupId: consumerGroupOf(spec.queryId, spec.sourceGroupId),
  });
