import {
  Kafka,
  Partitioners,
  logLevel,
  type Admin,
  type KafkaConfig,
  type Producer,
  type ProducerConfig,
  type RetryOptions,
  type SASLOptions,
} from 'kafkajs';
import { DEFAULT_KAFKA_BROKERS } from '../../config/K2oConfig.js';
import type { KafkaSasl, KafkaSecurity } from '../../config/kafkaSecurity.js';
import type { Logger } from '../../runtime/Logger.js';
import { kafkaLogCreator } from './kafkaLogger.js';

/** Brokers from K2O_KAFKA_BROKERS (comma-separated), else the local dev broker. */
export function brokersFromEnv(env: NodeJS.ProcessEnv = process.env): string[] {
  return (env['K2O_KAFKA_BROKERS'] ?? DEFAULT_KAFKA_BROKERS)
    .split(',')
    .map((b) => b.trim())
    .filter((b) => b.length > 0);
}

/**
 * The one way k2o builds a kafkajs client, so logging and security are the same
 * everywhere: lines through `log`, else on stderr; TLS and SASL as configured;
 * kafkajs's own retries unless `retry` says otherwise.
 */
export function createKafka(
  brokers: readonly string[],
  clientId: string,
  log?: Logger,
  security?: KafkaSecurity,
  retry?: RetryOptions,
): Kafka {
  return new Kafka({
    brokers: [...brokers],
    clientId,
    logLevel: logLevel.WARN,
    logCreator: kafkaLogCreator(log),
    ...kafkaSecurityOptions(security),
    ...(retry && { retry }),
  });
}

/** kafkajs's `ssl` and `sasl` for k2o's settings: TLS with the given PEM texts (the system's CAs without `ca`). */
export function kafkaSecurityOptions(security: KafkaSecurity | undefined): Pick<KafkaConfig, 'ssl' | 'sasl'> {
  const tls = security?.tls;
  return {
    ...(tls && { ssl: { ...(tls.ca !== undefined && { ca: tls.ca }), ...(tls.cert !== undefined && { cert: tls.cert, key: tls.key }) } }),
    ...(security?.sasl && { sasl: saslOptions(security.sasl) }),
  };
}

function saslOptions({ mechanism, username, password }: KafkaSasl): SASLOptions {
  switch (mechanism) {
    case 'PLAIN':
      return { mechanism: 'plain', username, password };
    case 'SCRAM-SHA-256':
      return { mechanism: 'scram-sha-256', username, password };
    case 'SCRAM-SHA-512':
      return { mechanism: 'scram-sha-512', username, password };
  }
}

/**
 * A producer with the Java client's murmur2 partitioner, so a key lands on the
 * same partition whichever client wrote it; naming it also stops kafkajs's
 * warning about its changed default.
 */
export function createProducer(kafka: Kafka, config: ProducerConfig = {}): Producer {
  return kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, ...config });
}

/** Runs `fn` with a connected admin client, disconnecting it afterwards. */
export async function withAdmin<T>(kafka: Kafka, fn: (admin: Admin) => Promise<T>): Promise<T> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return await fn(admin);
  } finally {
    await admin.disconnect();
  }
}
