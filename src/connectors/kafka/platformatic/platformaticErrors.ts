import { AuthenticationRefused } from '../authenticationRefused.js';
import { BrokerUnreachable } from '../brokerUnreachable.js';

/**
 * The client's errors, read by their properties, so this module does not load
 * the client. An error wraps others two ways: a list (the attempts of a retried
 * call) and a cause (a refused login inside the connection's failure), so the
 * search follows both.
 */
function find(error: unknown, property: string, value: unknown, depth = 0): (Error & Record<string, unknown>) | null {
  if (!(error instanceof Error) || depth > 8) return null;
  const e = error as Error & Record<string, unknown> & { errors?: unknown[] };
  if (e[property] === value) return e;
  for (const inner of [...(Array.isArray(e.errors) ? e.errors : []), e.cause]) {
    const found = find(inner, property, value, depth + 1);
    if (found) return found;
  }
  return null;
}

/** Refused SASL credentials, whether the client or the broker says so: the refusal, with the broker's words where it gave them. */
function authenticationRefusal(error: unknown): Error | null {
  const refusal = find(error, 'code', 'PLT_KFK_AUTHENTICATION') ?? find(error, 'apiId', 'SASL_AUTHENTICATION_FAILED');
  if (refusal === null) return null;
  const broker = refusal.cause instanceof Error ? refusal.cause.message : '';
  return broker === '' ? refusal : new Error(`${refusal.message} ${broker}`, { cause: refusal });
}

/** A failure the client calls passing: the network, a timeout, a leader moving. */
export function isFetchRetriable(error: unknown): boolean {
  if (authenticationRefusal(error) !== null) return false;
  return find(error, 'canRetry', true) !== null || find(error, 'code', 'PLT_KFK_TIMEOUT') !== null;
}

/** The group moved on (a rebalance): a commit made now fails until this member has rejoined. */
export function isRejoinError(error: unknown): boolean {
  return find(error, 'needsRejoin', true) !== null || find(error, 'apiId', 'REBALANCE_IN_PROGRESS') !== null;
}

/** The error k2o reports for a client failure: refused credentials and an unreachable broker as the kafkajs source reports them. */
export function asSourceError(error: unknown, brokers: readonly string[]): unknown {
  if (!(error instanceof Error)) return error;
  const refusal = authenticationRefusal(error);
  if (refusal !== null) return new AuthenticationRefused(brokers, refusal);
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
