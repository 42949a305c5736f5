import { UnreachableError } from '../../runtime/ports/UnreachableError.js';

/**
 * The broker did not answer: kafkajs gave up its own reconnects (it calls that
 * not retriable), but an outage ends, so the runtime's retry policy may try
 * again, and the query shows RETRYING meanwhile.
 */
export class BrokerUnreachable extends UnreachableError {
  readonly retriable = true;

  constructor(brokers: readonly string[], cause: Error) {
    super(`Kafka is unreachable at ${brokers.join(',')}: ${cause.message}`, { cause });
    this.name = 'BrokerUnreachable';
  }
}
