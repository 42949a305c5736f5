/** The Kafka clients a stream source can run on; INTO KAFKA (the transactional sink) always uses kafkajs. */
export const KAFKA_CLIENTS = ['kafkajs', 'platformatic'] as const;
export type KafkaClientName = (typeof KAFKA_CLIENTS)[number];

/** The client k2o reads with unless `kafka.client` or K2O_KAFKA_CLIENT says otherwise (bench/BASELINE.md says why). */
export const DEFAULT_KAFKA_CLIENT: KafkaClientName = 'kafkajs';

/** Which client the sources use and how their consumers identify themselves to the group. */
export interface KafkaClientChoice {
  readonly client: KafkaClientName;
  /**
   * Kafka's `group.instance.id` (static membership, KIP-345), one per process: a
   * restarted process takes its old member's place at once instead of waiting
   * for the old session to expire. Only @platformatic/kafka has it.
   */
  readonly groupInstanceId?: string;
}

/** The `kafka` section's client settings as the file writes them. */
export interface KafkaClientSection {
  readonly client?: string;
  readonly groupInstanceId?: string;
}

const ENV = { client: 'K2O_KAFKA_CLIENT', groupInstanceId: 'K2O_KAFKA_GROUP_INSTANCE_ID' } as const;

/**
 * The client settings of the `kafka` section, each overridden by its
 * environment variable; undefined when none is given. Throws a plain Error naming the setting: a value k2o
 * cannot honour is refused at start, never ignored.
 */
export function kafkaClientOf(section: KafkaClientSection | undefined, env: NodeJS.ProcessEnv): KafkaClientChoice | undefined {
  const fromEnv = env[ENV.client];
  const named = fromEnv || section?.client;
  if (named === undefined && !env[ENV.groupInstanceId] && section?.groupInstanceId === undefined) return undefined;
  const setting = fromEnv ? ENV.client : 'kafka.client';
  const client = named === undefined ? DEFAULT_KAFKA_CLIENT : KAFKA_CLIENTS.find((c) => c === named);
  if (client === undefined) throw new Error(`${setting} must be one of ${KAFKA_CLIENTS.join(', ')}`);
  const instanceEnv = env[ENV.groupInstanceId];
  const groupInstanceId = instanceEnv || section?.groupInstanceId;
  if (groupInstanceId === undefined) return { client };
  const instanceSetting = instanceEnv ? ENV.groupInstanceId : 'kafka.groupInstanceId';
  if (!/^\S+$/.test(groupInstanceId)) throw new Error(`${instanceSetting} must be a name without spaces`);
  if (client !== 'platformatic')
    throw new Error(
      `${instanceSetting} needs kafka.client 'platformatic' (or ${ENV.client}=platformatic): kafkajs has no static membership`,
    );
  return { client, groupInstanceId };
}
