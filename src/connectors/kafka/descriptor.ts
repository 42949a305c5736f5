import type { ConnectorDescriptor } from '../../core/ConnectorDescriptor.js';

/** Brokers come from `kafka.brokers` / K2O_KAFKA_BROKERS (src/config), not from a URL. */
export const KAFKA: ConnectorDescriptor = {
  name: 'kafka',
  displayName: 'Kafka',
  roles: ['streamSource', 'sink', 'deadLetters'],
  target: 'topic',
  transactional: true,
  deadLetters: 'the topic k2o_dead_letters',
  writeModes: ['append', 'update', 'complete'],
  options: {},
};
