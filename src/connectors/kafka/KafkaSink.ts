import type { Admin, Kafka, Message } from 'kafkajs';
import type { Row } from '../../core/Schema.js';
import type { RouteName } from '../../core/specs.js';
import type { KafkaSecurity } from '../../config/kafkaSecurity.js';
import { BatchFencedError } from '../../runtime/ports/BatchFencedError.js';
import { partitionKey } from '../../runtime/ports/partitionKey.js';
import type { DeadLetterRow, RoutedRows, Sink, SinkSpec, SourceOffset } from '../../runtime/ports/Sink.js';
import type { StateCommit, StoredState } from '../../runtime/ports/StateEntries.js';
import { offsetFence, QueryFencedError } from '../relational/offsetFence.js';
import { createKafka } from './kafkaClient.js';
import { ProducerFencedError, TransactionalProducer } from './kafkaTransactions.js';
import { eventTimeColumn, recordEncoder, type EncodedRecord, type RecordEncoder } from './recordEncoding.js';
import { DEAD_LETTER_TOPIC, stateTopicOf, transactionalIdOf } from './queryNames.js';
import { resolveRouteTopics, type RouteTopic } from './routeTopics.js';
import { ensureSinkTopics, MAX_STATE_BYTES } from './sinkTopics.js';
import { readStateTopic, stateMessages } from './stateRecords.js';

export interface KafkaSinkOptions {
  readonly brokers: readonly string[];
  readonly security?: KafkaSecurity;
  /** The consumer group of the query's source: its committed offsets are the query's. */
  readonly consumerGroupId: string;
  /** The client to use instead of one built from `brokers`: tests wrap the real one to inject a fault. */
  readonly kafka?: Kafka;
}

/** Names the state header record in each committed offset's metadata: a restart reads the state topic up to it. */
interface OffsetMetadata {
  readonly k2oState?: string;
}

/**
 * `INTO KAFKA topic`, exactly once through Kafka transactions: each batch's
 * records, the rows of its FAILED ROWS and LATE ROWS routes (each to its own
 * topic), its dead letters, the changes of the operator state (records of the
 * query's compacted state topic: an entry per changed key, a tombstone per
 * removed one, then the header) and the source offsets (TxnOffsetCommit to the source's
 * consumer group) commit in one transaction of the query's transactional id.
 * A read_committed reader sees a batch's records all at once or not at all.
 *
 * What committed is read back on open, after the transaction coordinator has
 * settled this id's last transaction: the group's offsets, and in their metadata
 * the offset of the state header that committed with them; the state is the
 * state topic read up to that record. This process is then
 * the only writer of the id, so it keeps them from there on.
 */
export class KafkaSink implements Sink {
  /** The offsets go to the consumer group in the batch's transaction; a separate lag commit could move them back. */
  readonly recordsLag = true;
  private readonly kafka: Kafka;
  private readonly producer: TransactionalProducer;
  private readonly encode: RecordEncoder;
  private readonly stateTopic: string;
  private readonly deadLetterTopic: string;
  private readonly routes: ReadonlyMap<RouteName, RouteTopic>;
  private admin: Admin | undefined;
  private committed = new Map<string, SourceOffset>();
  private stateAt: string | undefined;
  /** A commit failed without a verdict: the next write first settles it. */
  private unsettled = false;

  constructor(
    private readonly spec: SinkSpec,
    private readonly options: KafkaSinkOptions,
  ) {
    this.kafka = options.kafka ?? createKafka(options.brokers, transactionalIdOf(spec.queryId), undefined, options.security);
    this.producer = new TransactionalProducer(this.kafka, options.brokers, transactionalIdOf(spec.queryId));
    this.encode = recordEncoder(spec.schema, spec.key, eventTimeColumn(spec.schema, spec.watermarkColumn));
    this.stateTopic = stateTopicOf(spec.queryId);
    this.deadLetterTopic = spec.deadLetterTable ?? DEAD_LETTER_TOPIC;
    this.routes = resolveRouteTopics(spec, this.deadLetterTopic);
  }

  /**
   * The runner retries a failed open (a coordinator still loading on a new
   * broker): what a failed attempt connected is closed, or its sockets would
   * keep the process alive after the query ends.
   */
  async open(): Promise<void> {
    await this.close();
    const admin = this.kafka.admin();
    this.admin = admin;
    try {
      await admin.connect();
      const routeTopics = [...this.routes.values()].map((r) => r.topic);
      await ensureSinkTopics(admin, [this.spec.table, ...routeTopics, this.deadLetterTopic], this.stateTopic);
      await this.producer.open();
      await this.readCommitted();
    } catch (e) {
      await this.close();
      throw e;
    }
  }

  async readOffsets(): Promise<SourceOffset[]> {
    return [...this.committed.values()];
  }

  async readState(): Promise<StoredState | undefined> {
    if (this.stateAt === undefined) return undefined;
    return readStateTopic(this.kafka, this.stateTopic, this.stateAt, this.spec.queryId);
  }

  async writeBatch(
    rows: readonly Row[],
    offsets: readonly SourceOffset[],
    state?: StateCommit,
    deadLetters: readonly DeadLetterRow[] = [],
    from?: readonly SourceOffset[],
    routed: RoutedRows = {},
  ): Promise<void> {
    const routedRows = Object.values(routed).reduce((n, r) => n + r.length, 0);
    if (rows.length === 0 && offsets.length === 0 && state === undefined && deadLetters.length === 0 && routedRows === 0) return;
    if (this.unsettled) {
      await this.producer.reopen();
      await this.readCommitted();
      this.unsettled = false;
    }
    const fence = offsetFence([...this.committed.values()], offsets, from);
    if (fence.kind === 'committed') return;
    if (fence.kind === 'behind') throw new QueryFencedError(this.spec.queryId);
    if (fence.kind === 'moved') throw new BatchFencedError(this.spec.queryId, fence.detail);
    const largest = state?.put.reduce((n, e) => Math.max(n, Buffer.byteLength(e.value)), 0) ?? 0;
    if (largest > MAX_STATE_BYTES)
      throw Object.assign(
        new Error(
          `query ${this.spec.queryId}: an entry of its operator state is ${largest} bytes, above the ${MAX_STATE_BYTES} bytes a record of ${this.stateTopic} takes`,
        ),
        { retriable: false },
      );
    let stateAt = this.stateAt;
    const sends = [
      { topic: this.spec.table, messages: rows.map((r) => message(this.encode(r))) },
      ...[...this.routes].map(([name, route]) => ({
        topic: route.topic,
        messages: (routed[name] ?? []).map((r) => message(route.encode(r))),
      })),
      { topic: this.deadLetterTopic, messages: deadLetters.map((d) => this.deadLetterMessage(d)) },
      ...(state === undefined
        ? []
        : [
            { topic: this.stateTopic, messages: stateMessages(state) },
            // Sent on its own, after the entries: its offset, which the committed offsets name, bounds the restore's read.
            { topic: this.stateTopic, messages: [{ key: this.spec.queryId, value: state.header }], onSent: (at: string) => (stateAt = at) },
          ]),
    ];
    const metadata = (): string => JSON.stringify(stateAt === undefined ? {} : ({ k2oState: stateAt } satisfies OffsetMetadata));
    try {
      await this.producer.commit(
        { sends, offsets: () => offsets.map((o) => ({ topic: o.topic, partition: o.partition, offset: o.offset, metadata: metadata() })) },
        this.options.consumerGroupId,
      );
    } catch (e) {
      if (!(e instanceof ProducerFencedError)) this.unsettled = true;
      throw e;
    }
    for (const o of offsets) this.committed.set(partitionKey(o.topic, o.partition), o);
    this.stateAt = stateAt;
  }

  async close(): Promise<void> {
    await this.producer.close();
    await this.admin?.disconnect().catch(() => undefined);
    this.admin = undefined;
  }

  /** A dead letter as JSON: the record where it came from, its key and value as stored text (deadLetterRow.ts), and why. */
  private deadLetterMessage(d: DeadLetterRow): Message {
    const value = {
      query_id: this.spec.queryId,
      topic: d.topic,
      partition: d.partition,
      offset: d.offset,
      timestamp: new Date(d.timestamp).toISOString(),
      key: d.key,
      value: d.value,
      reason: d.reason,
    };
    return { key: `${d.topic}[${d.partition}]@${d.offset}`, value: JSON.stringify(value) };
  }

  /** The offsets committed to the source's group, and the state record their metadata names. */
  private async readCommitted(): Promise<void> {
    const admin = this.admin;
    if (admin === undefined) throw new Error('internal: the Kafka sink is not open');
    const topics = await admin.fetchOffsets({ groupId: this.options.consumerGroupId });
    this.committed = new Map();
    this.stateAt = undefined;
    for (const t of topics) {
      for (const p of t.partitions) {
        if (BigInt(p.offset) < 0n) continue;
        this.committed.set(partitionKey(t.topic, p.partition), { topic: t.topic, partition: p.partition, offset: p.offset });
        const at = stateOffsetIn(p.metadata);
        if (at !== undefined && (this.stateAt === undefined || BigInt(at) > BigInt(this.stateAt))) this.stateAt = at;
      }
    }
  }
}

function message(r: EncodedRecord): Message {
  return r.timestamp === undefined ? { key: r.key, value: r.value } : { key: r.key, value: r.value, timestamp: r.timestamp };
}

function stateOffsetIn(metadata: string | null): string | undefined {
  if (metadata === null || !metadata.startsWith('{')) return undefined;
  try {
    const at = (JSON.parse(metadata) as OffsetMetadata).k2oState;
    return typeof at === 'string' && /^\d+$/.test(at) ? at : undefined;
  } catch {
    return undefined;
  }
}
