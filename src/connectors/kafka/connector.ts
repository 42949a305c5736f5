import type { ConnectorModule } from '../ConnectorModule.js';
import { KafkaSink } from './KafkaSink.js';
import { KafkaSource } from './KafkaSource.js';
import { consumerGroupOf } from './queryNames.js';

export const createStreamSource: ConnectorModule['createStreamSource'] = (spec, config) =>
  new KafkaSource({
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
  });

/** INTO KAFKA: the query's offsets commit to its source's consumer group, in the batch's transaction. */
export const createSink: ConnectorModule['createSink'] = (spec, config) =>
  new KafkaSink(spec, {
    brokers: config.kafkaBrokers,
    ...(config.kafkaSecurity && { security: config.kafkaSecurity }),
    consumerGroupId: consumerGroupOf(spec.queryId, spec.sourceGroupId),
  });
