import type { ConnectionOptions, ConsumerOptions } from '@platformatic/kafka';
import type { ConsumerSettings } from '../../../core/SourceDef.js';
import type { KafkaSecurity } from '../../../config/kafkaSecurity.js';

/** The client's isolation levels (its FetchIsolationLevels), by Kafka's names. */
export const ISOLATION_LEVELS = { read_uncommitted: 0, read_committed: 1 } as const;

/** Bytes a fetch returns per partition at most unless `max_partition_fetch_bytes` says otherwise (Kafka's default). */
export const DEFAULT_PARTITION_FETCH_BYTES = 1_048_576;

export interface ConsumerIdentity {
  readonly brokers: readonly string[];
  readonly clientId: string;
  readonly groupId: string;
  readonly groupInstanceId?: string;
}

/**
 * The consumer k2o's settings describe, with the defaults KafkaSource gives
 * kafkajs (a 10 s session, 1 s heartbeats, 100 ms idle fetches), so that the
 * two clients differ only where the client does. Every setting of
 * ConsumerSettings and KafkaSecurity has its counterpart here; the one this
 * client adds is the group instance id.
 */
export function consumerOptions(
  id: ConsumerIdentity,
  c: ConsumerSettings,
  security: KafkaSecurity | undefined,
): ConsumerOptions<Buffer, Buffer, Buffer, Buffer> {
  const sessionTimeout = c.sessionTimeoutMs ?? 10_000;
  return {
    clientId: id.clientId,
    bootstrapBrokers: [...id.brokers],
    groupId: id.groupId,
    ...(id.groupInstanceId !== undefined && { groupInstanceId: id.groupInstanceId }),
    sessionTimeout,
    // The coordinator waits this long for every member to rejoin; the client checks it is not below the session.
    rebalanceTimeout: Math.max(60_000, sessionTimeout),
    heartbeatInterval: c.heartbeatIntervalMs ?? 1_000,
    maxWaitTime: c.fetchMaxWaitMs ?? 100,
    ...(c.fetchMinBytes !== undefined && { minBytes: c.fetchMinBytes }),
    ...(c.fetchMaxBytes !== undefined && { maxBytes: c.fetchMaxBytes }),
    isolationLevel: ISOLATION_LEVELS[c.isolationLevel ?? 'read_committed'],
    // Offsets are the sink's (DESIGN §3); the group's commits are for lag only, made by commitForLag.
    autocommit: false,
    // As kafkajs does, looking a topic up creates it where the broker auto-creates topics.
    autocreateTopics: true,
    ...connectionOptions(security),
  };
}

/** TLS with the given PEM texts (the system's CAs without `ca`) and SASL, as kafkaSecurityOptions gives kafkajs. */
export function connectionOptions(security: KafkaSecurity | undefined): Pick<ConnectionOptions, 'tls' | 'sasl'> {
  const tls = security?.tls;
  const sasl = security?.sasl;
  return {
    ...(tls && { tls: { ...(tls.ca !== undefined && { ca: tls.ca }), ...(tls.cert !== undefined && { cert: tls.cert, key: tls.key }) } }),
    ...(sasl && { sasl: { mechanism: sasl.mechanism, username: sasl.username, password: sasl.password } }),
  };
}
