import type { ConnectorDescriptor } from '../../core/ConnectorDescriptor.js';

/** Brokers come from `kafka.brokers` / K2O_KAFKA_BROKERS (src/config), not from a URL. */
export const KAFKA: ConnectorDescriptor = {
  name: 'kafka',
  displayName: 'Kafka',
  roles: ['streamSource', 'sink', 'deadLetters'],
  target: 'topic',
  transactional: false,
  deadLetters: 'the sink',
  writeModes: ['append', 'update', 'complete'],
  notYet: {
    sink: 'write to ORACLE, POSTGRES or CONSOLE',
    deadLetters: 'dead letters commit with the sink, and INTO KAFKA does not run yet',
  },
  options: {},
};
