import { UnreachableError } from '../../runtime/ports/UnreachableError.js';

/**
 * The brokers refused k2o's SASL credentials. Retrying cannot help, and like a
 * database refusing its password it is a service not reached: `k2o run` says
 * where in one line and exits 4. The cause's message names the mechanism, never
 * the password.
 */
export class AuthenticationRefused extends UnreachableError {
  readonly retriable = false;

  constructor(brokers: readonly string[], cause: Error) {
    super(`Kafka at ${brokers.join(',')} refused the credentials: ${cause.message}`, { cause });
    this.name = 'AuthenticationRefused';
  }
}

/** Whether kafkajs failed for refused SASL credentials, itself or as the last failure of its retries. */
export function isAuthenticationRefused(e: unknown): boolean {
  for (let err = e, depth = 0; err instanceof Error && depth < 5; err = err.cause, depth++) {
    if (err.name === 'KafkaJSSASLAuthenticationError') return true;
  }
  return false;
}
