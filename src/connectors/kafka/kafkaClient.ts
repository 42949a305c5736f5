import { Kafka, Partitioners, logLevel, type Admin, type Producer, type ProducerConfig } from 'kafkajs';
import { DEFAULT_KAFKA_BROKERS } from '../../config/K2oConfig.js';
import type { Logger } from '../../runtime/Logger.js';
import { kafkaLogCreator } from './kafkaLogger.js';

/** Brokers from K2O_KAFKA_BROKERS (comma-separated), else the local dev broker. */
export function brokersFromEnv(env: NodeJS.ProcessEnv = process.env): string[] {
  return (env['K2O_KAFKA_BROKERS'] ?? DEFAULT_KAFKA_BROKERS)
    .split(',')
    .map((b) => b.trim())
    .filter((b) => b.length > 0);
}

/** The one way k2o builds a kafkajs client, so logging is the same everywhere: through `log`, else lines on stderr. */
export function createKafka(brokers: readonly string[], clientId: string, log?: Logger): Kafka {
  return new Kafka({
    brokers: [...brokers],
    clientId,
    logLevel: logLevel.WARN,
    logCreator: kafkaLogCreator(log),
  });
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
