import { AuthenticationRefused } from '../authenticationRefused.js';
import { BrokerUnreachable } from '../brokerUnreachable.js';

/**
 * The client's errors, read by their properties (its GenericError's findBy
 * searches an error and every error it wraps), so this module does not load
 * the client.
 */
interface ClientError extends Error {
  findBy(property: string, value: unknown): (Error & Record<string, unknown>) | null;
}

function find(error: unknown, property: string, value: unknown): (Error & Record<string, unknown>) | null {
  const e = error as Partial<ClientError> | null;
  return typeof e?.findBy === 'function' ? e.findBy(property, value) : null;
}

/** Refused SASL credentials, whether the client or the broker says so. */
function isAuthenticationRefused(error: unknown): boolean {
  return find(error, 'code', 'PLT_KFK_AUTHENTICATION') !== null || find(error, 'apiId', 'SASL_AUTHENTICATION_FAILED') !== null;
}

/** A failure the client calls passing: the network, a timeout, a leader moving. */
export function isFetchRetriable(error: unknown): boolean {
  if (isAuthenticationRefused(error)) return false;
  return find(error, 'canRetry', true) !== null || find(error, 'code', 'PLT_KFK_TIMEOUT') !== null;
}

/** The group moved on (a rebalance): a commit made now fails until this member has rejoined. */
export function isRejoinError(error: unknown): boolean {
  return find(error, 'needsRejoin', true) !== null || find(error, 'apiId', 'REBALANCE_IN_PROGRESS') !== null;
}

/** The error k2o reports for a client failure: refused credentials and an unreachable broker as the kafkajs source reports them. */
export function asSourceError(error: unknown, brokers: readonly string[]): unknown {
  if (!(error instanceof Error)) return error;
  if (isAuthenticationRefused(error)) return new AuthenticationRefused(brokers, error);
  if (find(error, 'code', 'PLT_KFK_NETWORK') !== null || find(error, 'code', 'PLT_KFK_TIMEOUT') !== null)
    return new BrokerUnreachable(brokers, error);
  return error;
}

interface OutOfRangePartition {
  readonly partitionIndex: number;
  readonly errorCode: number;
}

/** Kafka's OFFSET_OUT_OF_RANGE error code. */
const OFFSET_OUT_OF_RANGE = 1;

/** The partitions a failed fetch asked outside their log, from the response the error carries (its offsets there are -1). */
export function outOfRange(error: unknown, topicNames: ReadonlyMap<string, string>): { topic: string; partition: number }[] {
  if (find(error, 'apiId', 'OFFSET_OUT_OF_RANGE') === null) return [];
  const response = (error as { response?: { responses?: { topicId: string; partitions: OutOfRangePartition[] }[] } }).response;
  const out: { topic: string; partition: number }[] = [];
  for (const t of response?.responses ?? []) {
    const topic = topicNames.get(t.topicId);
    if (topic === undefined) continue;
    for (const p of t.partitions) {
      if (p.errorCode === OFFSET_OUT_OF_RANGE) out.push({ topic, partition: p.partitionIndex });
    }
  }
  return out;
}
