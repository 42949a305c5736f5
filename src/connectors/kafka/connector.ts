import type { ConnectorModule } from '../ConnectorModule.js';
import { KafkaSource } from './KafkaSource.js';

/** A source only: INTO KAFKA compiles, and the runtime refuses it (the descriptor's `notYet`). */
export const createStreamSource: ConnectorModule['createStreamSource'] = (spec, config) =>
  new KafkaSource({
    brokers: config.kafkaBrokers,
    topics: [...spec.topics],
    // One group per query: the group assigns partitions, so two queries in one group would split the topic.
    // group_id is the group lag tools are pointed at, used as written; the compiler refuses two queries sharing one
    // (the group assigns partitions, so they would split the topic). Without it, one group per query.
    groupId: spec.groupId ?? `k2o-${spec.queryId}`,
    startingOffsets: spec.startingOffsets,
    clientId: `k2o-${spec.queryId}`,
  });
