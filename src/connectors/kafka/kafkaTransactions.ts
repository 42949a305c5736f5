import type { Kafka, Message, Producer, Transaction } from 'kafkajs';
import { UNRECOGNISED_ERROR_ATTEMPTS, type RetryHints } from '../../runtime/retry.js';
import { createProducer } from './kafkaClient.js';

/** What one batch commits: records per topic, and the source offsets the consumer group takes with them. */
export interface BatchTransaction {
  /** Record batches, in the order they are sent; `onSent` hears the base offset of each. */
  readonly sends: readonly {
    readonly topic: string;
    readonly messages: readonly Message[];
    readonly onSent?: (baseOffset: string) => void;
  }[];
  /** Built after the sends, so that their offsets can be named in the offsets' metadata. */
  readonly offsets: () => { readonly topic: string; readonly partition: number; readonly offset: string; readonly metadata: string }[];
}

/**
 * Another producer with this query's `transactional.id` started since this one
 * did: a newer process of the same query runs, and this one must stop, or two
 * processes would write the same output.
 */
export class ProducerFencedError extends Error {
  readonly retriable = false;
  constructor(transactionalId: string, cause: string) {
    super(
      `another process started this query (Kafka transactional.id '${transactionalId}') and fenced this one: ` +
        `this process stops and writes nothing more; the other goes on from the committed offsets (${cause})`,
    );
  }
}

/** The broker cannot run transactions: k2o does not fall back to at-least-once. */
export class TransactionsUnavailableError extends Error {
  readonly retriable = false;
  constructor(brokers: readonly string[], cause: string) {
    super(
      `INTO KAFKA writes exactly once through Kafka transactions, and the broker at ${brokers.join(',')} did not start a ` +
        `transactional producer (${cause}); check that it runs Kafka 0.11 or later with a transaction state log it can create ` +
        `(transaction.state.log.replication.factor at most the number of brokers) and that this client may use transactional ids`,
    );
  }
}

/** The errors a broker gives a producer whose epoch a newer one of the same transactional id replaced. */
const FENCED = new Set(['INVALID_PRODUCER_EPOCH', 'PRODUCER_FENCED', 'INVALID_PRODUCER_ID_MAPPING']);
/** What a broker without usable transactions answers InitProducerId with, for good. */
const NO_TRANSACTIONS = new Set(['TRANSACTIONAL_ID_AUTHORIZATION_FAILED', 'CLUSTER_AUTHORIZATION_FAILED', 'UNSUPPORTED_VERSION']);

/** What the transaction coordinator answers InitProducerId with while it settles or loads this id: for a while only. */
const BUSY_COORDINATOR = new Set(['CONCURRENT_TRANSACTIONS', 'COORDINATOR_LOAD_IN_PROGRESS', 'NOT_COORDINATOR']);

/** The broker's error code name, of the error or, when kafkajs gave up retrying, of its last failure. */
/** kafkajs's type for Kafka's UNKNOWN_SERVER_ERROR (code -1). */
const UNKNOWN_SERVER_ERROR = 'UNKNOWN';

function errorType(e: unknown): string {
  const err = e as { type?: string; name?: string; cause?: { type?: string } };
  if (err.name === 'KafkaJSNumberOfRetriesExceeded' && err.cause?.type) return err.cause.type;
  return err.type ?? err.cause?.type ?? '';
}

export function isFenced(e: unknown): boolean {
  return FENCED.has(errorType(e));
}

/**
 * The transactional producer of one query. `open` registers its
 * transactional id with the broker's transaction coordinator, which fences any
 * older producer of the id and settles the transaction that producer left open
 * (a crash mid-batch: aborted; one past its commit point: committed). So once
 * open returns, the consumer group's offsets are the committed ones.
 */
export class TransactionalProducer {
  private producer: Producer | undefined;

  constructor(
    private readonly kafka: Kafka,
    private readonly brokers: readonly string[],
    readonly transactionalId: string,
    /**
     * A broker whose transaction coordinator never becomes available (its
     * transaction state log cannot be created) is retried by kafkajs without
     * end for an idempotent producer: this bounds the wait.
     */
    private readonly initTimeoutMs = 60_000,
  ) {}

  async open(): Promise<void> {
    await this.close();
    const producer = createProducer(this.kafka, { transactionalId: this.transactionalId, idempotent: true, maxInFlightRequests: 1 });
    this.producer = producer;
    await producer.connect().catch(async (e: unknown) => {
      await this.close();
      throw withRetryHints(e);
    });
    let timer: NodeJS.Timeout | undefined;
    try {
      // kafkajs initialises the producer id on the first transaction(); an empty transaction ends without a request.
      const started = producer.transaction().then((txn) => txn.abort());
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () =>
            reject(new TransactionsUnavailableError(this.brokers, `no transaction coordinator answered within ${this.initTimeoutMs} ms`)),
          this.initTimeoutMs,
        );
      });
      started.catch(() => undefined);
      await Promise.race([started, timeout]);
    } catch (e) {
      await this.close();
      if (e instanceof TransactionsUnavailableError) throw e;
      if (isFenced(e)) throw new ProducerFencedError(this.transactionalId, (e as Error).message);
      const type = errorType(e);
      // The coordinator busy with this id's last transaction (another process of the query is
      // mid-transaction, and is being fenced): a wait mends it, however long kafkajs retried.
      if (BUSY_COORDINATOR.has(type)) throw Object.assign(e as Error, { retriable: true });
      if (
        NO_TRANSACTIONS.has(type) ||
        type === 'KAFKAJS_NUMBER_OF_RETRIES_EXCEEDED' ||
        (e as Error).name === 'KafkaJSNumberOfRetriesExceeded'
      )
        throw new TransactionsUnavailableError(this.brokers, (e as Error).message);
      throw withRetryHints(e);
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Sends every record and the offsets, then commits; any failure aborts what
   * was sent. A fenced producer throws ProducerFencedError. After any other
   * failure the outcome may be unknown (a lost commit reply), so the caller
   * reopens, which settles it, and compares the committed offsets.
   */
  async commit(batch: BatchTransaction, consumerGroupId: string): Promise<void> {
    const producer = this.producer;
    if (producer === undefined) throw new Error('internal: the transactional producer is not open');
    let txn: Transaction | undefined;
    try {
      txn = await producer.transaction();
      for (const s of batch.sends) {
        let first: string | undefined;
        for (const messages of requestSized(s.messages)) {
          const sent = await txn.send({ topic: s.topic, messages, acks: -1 });
          first ??= sent.find((r) => r.baseOffset !== undefined)?.baseOffset;
        }
        if (s.messages.length > 0) s.onSent?.(first ?? '-1');
      }
      const offsets = batch.offsets();
      if (offsets.length > 0) await txn.sendOffsets({ consumerGroupId, topics: byTopic(offsets) });
      await txn.commit();
    } catch (e) {
      if (txn?.isActive()) await txn.abort().catch(() => undefined);
      if (isFenced(e)) throw new ProducerFencedError(this.transactionalId, (e as Error).message);
      throw withRetryHints(e);
    }
  }

  /** A new producer of the same id: fences nothing of ours but settles our last transaction either way. */
  async reopen(): Promise<void> {
    try {
      await this.open();
    } catch (e) {
      // Transactions ran before in this process: a coordinator that does not answer now is away, not missing.
      if (e instanceof TransactionsUnavailableError)
        throw Object.assign(new Error(`the Kafka transaction coordinator did not answer after a failed batch: ${e.message}`), {
          retriable: true,
        });
      throw e;
    }
  }

  async close(): Promise<void> {
    const producer = this.producer;
    this.producer = undefined;
    await producer?.disconnect().catch(() => undefined);
  }
}

/** kafkajs's errors of a broker or network that is away for a while: the batch is tried again until it is back. */
const OUTAGES = new Set([
  'KafkaJSConnectionError',
  'KafkaJSConnectionClosedError',
  'KafkaJSRequestTimeoutError',
  'KafkaJSBrokerNotFound',
  'KafkaJSMetadataNotLoaded',
  'KafkaJSLockTimeout',
]);

export function isOutage(e: unknown): boolean {
  const err = e as { name?: string; retriable?: boolean; cause?: unknown } | undefined;
  if (err === undefined || err === null) return false;
  if (OUTAGES.has(err.name ?? '')) return true;
  // kafkajs gives up after its own retries with this error, its last failure as the cause.
  if (err.name === 'KafkaJSNumberOfRetriesExceeded') return isOutage(err.cause);
  return err.name === 'KafkaJSProtocolError' && err.retriable === true;
}

/**
 * How the runner retries a failed batch (retry.ts): an outage until it ends, a
 * broker's refusal (a record too large, a topic not authorised) not at all, and
 * anything else a few times only. kafkajs marks its exhausted retries as not
 * retriable, which would end the query at the first outage longer than them.
 */
export function withRetryHints(e: unknown): unknown {
  if (!(e instanceof Error)) return e;
  // UNKNOWN_SERVER_ERROR (kafkajs's type UNKNOWN, which it marks not retriable) is the broker failing
  // inside: Kafka 4.1 answers a send or commit that races a newer producer's fencing of the id with it.
  // Not a refusal: a few retries, the first of which settles the outcome (and meets the fence).
  const hints: RetryHints = isOutage(e)
    ? { retriable: true }
    : e.name === 'KafkaJSProtocolError' && errorType(e) !== UNKNOWN_SERVER_ERROR
      ? { retriable: false }
      : { retriable: true, attemptsAtMost: UNRECOGNISED_ERROR_ATTEMPTS };
  return Object.assign(e, hints);
}

/**
 * Bytes of records per produce request. kafkajs puts a request's records for a
 * partition into one record batch, and a broker refuses a batch over its
 * `message.max.bytes` (1 MB by default): a micro-batch of 10,000 rows would.
 */
export const MAX_REQUEST_BYTES = 512 * 1024;
/** What a record costs in a batch beyond its key and value (varint lengths, offsets, timestamp, headers count). */
const RECORD_OVERHEAD_BYTES = 32;

/** The messages in runs of at most MAX_REQUEST_BYTES, in order; a single larger record is a run of its own. */
export function* requestSized(messages: readonly Message[]): Generator<Message[]> {
  let run: Message[] = [];
  let bytes = 0;
  for (const m of messages) {
    const size = byteLength(m.key) + byteLength(m.value) + RECORD_OVERHEAD_BYTES;
    if (run.length > 0 && bytes + size > MAX_REQUEST_BYTES) {
      yield run;
      run = [];
      bytes = 0;
    }
    run.push(m);
    bytes += size;
  }
  if (run.length > 0) yield run;
}

function byteLength(v: Message['key'] | Message['value']): number {
  if (v === null || v === undefined) return 0;
  return typeof v === 'string' ? Buffer.byteLength(v) : v.length;
}

function byTopic(offsets: ReturnType<BatchTransaction['offsets']>) {
  const topics = new Map<string, { partition: number; offset: string; metadata: string }[]>();
  for (const o of offsets) {
    const list = topics.get(o.topic) ?? [];
    list.push({ partition: o.partition, offset: o.offset, metadata: o.metadata });
    topics.set(o.topic, list);
  }
  return [...topics].map(([topic, partitions]) => ({ topic, partitions }));
}
