/**
 * The broker did not answer: kafkajs gave up its own reconnects (it calls that
 * not retriable), but an outage ends, so the runtime's retry policy may try
 * again, and the query shows RETRYING meanwhile.
 */
export class BrokerUnreachable extends Error {
  readonly retriable = true;

  constructor(brokers: readonly string[], cause: Error) {
    super(`Kafka is unreachable at ${brokers.join(',')}: ${cause.message}`, { cause });
    this.name = 'BrokerUnreachable';
  }
}

const CONNECTION_ERRORS = new Set([
  'KafkaJSConnectionError',
  'KafkaJSConnectionClosedError',
  'KafkaJSNoBrokerAvailableError',
  'KafkaJSRequestTimeoutError',
]);

/** Whether kafkajs failed for want of a connection (also after retrying it, with the connection error as cause). */
export function isBrokerUnreachable(e: unknown): e is Error {
  let error = e as { name?: string; cause?: unknown } | undefined;
  for (let depth = 0; error && depth < 5; depth++) {
    if (error.name && CONNECTION_ERRORS.has(error.name)) return true;
    error = error.cause as typeof error;
  }
  return false;
}
