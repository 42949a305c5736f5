import { AuthenticationRefused, isAuthenticationRefused } from './authenticationRefused.js';
import { BrokerUnreachable } from './brokerUnreachable.js';
import { ConsumerRecovery } from './consumerRecovery.js';
import { isOutage } from './kafkaTransactions.js';
import type { Consumer, EachBatchPayload, Kafka, KafkaMessage } from 'kafkajs';
import type { SourceOffset } from '../../runtime/ports/Sink.js';
import type { Source, SourceRecord } from '../../runtime/ports/Source.js';
import type { Logger } from '../../runtime/Logger.js';
import type { KafkaSecurity } from '../../config/kafkaSecurity.js';
import { createKafka, withAdmin } from './kafkaClient.js';
import type { PartitionEnd } from '../../runtime/ports/Source.js';
import { fetchPartitionEnds } from './partitionEnds.js';
import { partitionKey } from '../../runtime/ports/partitionKey.js';
import { RoundRobinBuffer } from './RoundRobinBuffer.js';
import { fetchTimestampOffsets, resolveStartPositions } from './startPositions.js';
import type { ConsumerSettings, StartingOffsets } from '../../core/SourceDef.js';
import { withJoinTimeout } from './joinTimeout.js';
import { holdForFirstBatch } from './firstBatchHold.js';
import { lagOffsets } from './lagOffsets.js';
import { partitionBacklogs, pendingPartitions } from './partitionBacklogs.js';
import { matchingTopics, TOPIC_REFRESH_MS } from './topicPattern.js';

export interface KafkaSourceOptions {
  readonly brokers: readonly string[];
  /** The topics read; with `topicPattern`, ignored: the topics are those whose whole name matches it. */
  readonly topics: readonly string[];
  readonly topicPattern?: string;
  /** How often a pattern is matched against the broker's topics again (default TOPIC_REFRESH_MS). */
  readonly topicRefreshMs?: number;
  readonly groupId: string;
  /** Where partitions start that the sink's offsets do not know, as the source starts. */
  readonly startingOffsets: StartingOffsets;
  readonly clientId: string;
  readonly consumer?: ConsumerSettings;
  /**
   * Buffered records above which fetching pauses, shared among the partitions:
   * a partition holding more than its share pauses, and resumes below half of it.
   */
  readonly maxBufferedRecords?: number;
  /**
   * Whether the first batch is one fetch of the partition with the largest backlog (firstBatchHold.ts),
   * the default; false reads every partition from the start, as a sample of the topic needs.
   */
  readonly holdForFirstBatch?: boolean;
  /** How long start() waits for the consumer to join its group. */
  readonly joinTimeoutMs?: number;
  /** Where the Kafka client's own lines go. */
  readonly log?: Logger;
  readonly security?: KafkaSecurity;
}

/** Group states in which a commit fails only until the rebalance is over. */
const REBALANCE_ERRORS = new Set([
  'REBALANCE_IN_PROGRESS',
  'ILLEGAL_GENERATION',
  'UNKNOWN_MEMBER_ID',
  'NOT_COORDINATOR',
  'COORDINATOR_NOT_AVAILABLE',
  'COORDINATOR_LOAD_IN_PROGRESS',
]);

/**
 * kafkajs's retries of a read of the log ends once the source runs (a lag
 * sample, an EVERY trigger's end offsets): about a second where its default
 * takes ten. Their callers try again themselves, and a stop during an outage
 * would otherwise wait for the reconnects of a read in flight.
 */
const RUNNING_READ_RETRY = { retries: 1 };

/** The longest the partitions other than the lead are held at start without a first batch taken. */
const MAX_HOLD_MS = 3_000;

/**
 * A pull source over kafkajs's push consumer: fetched batches go into a buffer,
 * poll() takes from it, and fetching pauses while the buffer is full, so a slow
 * sink holds records back in Kafka, not in memory.
 *
 * Positions are this source's own, not the group's: every assigned partition is
 * sought on each group join to the next offset after the last record buffered
 * (initially the sink's offsets, DESIGN §3), and records below that are dropped,
 * so a rebalance or a consumer restart never delivers a record twice. A partition
 * newly assigned to this member (another process of the query left the group)
 * is then sought to the sink's offsets read at that moment: the other process
 * committed past this one's positions. Records buffered from a partition that a
 * rebalance moves to another member are still delivered here; the sink's offsets
 * fence decides whose batch commits.
 */
export class KafkaSource implements Source {
  private readonly kafka: Kafka;
  /** The client of the log-end reads once the source runs, with RUNNING_READ_RETRY. */
  private readonly readsKafka: Kafka;
  private readonly consumer: Consumer;
  private readonly buffer = new RoundRobinBuffer<SourceRecord>();
  private readonly positions = new Map<string, bigint>();
  /** Next offset after the last record poll() handed out, per partition. */
  private readonly delivered = new Map<string, bigint>();
  /** Each partition's log end as of its last fetch (or of start). */
  private readonly logEnds = new Map<string, { topic: string; partition: number; high: bigint }>();
  private readonly highWater: number;
  /** Partitions whose fetching is paused: their buffered records are above their share of maxBufferedRecords. */
  private readonly pausedKeys = new Map<string, { topic: string; partition: number }>();
  /**
   * The partitions held back so that the first batch commits soon (firstBatchHold.ts), until a poll
   * after the first that returned records; undefined once released.
   */
  private held: Map<string, { topic: string; partition: number }> | undefined;
  /** The partition read while the others are held. */
  private heldLead: string | undefined;
  /** Whether a poll has returned records: the next one releases `held`. */
  private tookFirst = false;
  /** When the hold ends whatever the lead delivered (its backlog may be nothing but aborted records). */
  private heldUntil = 0;
  private closed = false;
  private fatal: Error | null = null;
  private wake: (() => void) | null = null;
  private polling = false;
  /** Partitions of the group's last assignment to this member. */
  private assigned = new Set<string>();
  private committed: (() => Promise<SourceOffset[]>) | undefined;
  /** The topics subscribed to: the named ones, or those matching the pattern so far. */
  private topics: string[] = [];
  /** Whether the kafkajs consumer runs: pause, resume and seek need a running consumer. */
  private running = false;
  private refreshTimer: NodeJS.Timeout | undefined;
  /** The topic refresh under way, which close() waits for. */
  private refreshing: Promise<void> = Promise.resolve();
  /** Whether the consumer has joined its group once: later crashes are outages to wait out, not start-up failures. */
  private started = false;
  private readonly recovery: ConsumerRecovery;

  constructor(private readonly options: KafkaSourceOptions) {
    const c = options.consumer ?? {};
    this.kafka = createKafka(options.brokers, c.clientId ?? options.clientId, options.log, options.security);
    this.readsKafka = createKafka(options.brokers, c.clientId ?? options.clientId, options.log, options.security, RUNNING_READ_RETRY);
    this.consumer = this.kafka.consumer({
      groupId: options.groupId,
      // kafkajs sleeps this long between fetches while every partition is paused,
      // and the broker holds an idle fetch this long: both delay resume and close.
      maxWaitTimeInMs: c.fetchMaxWaitMs ?? 100,
      // A crashed k2o restarts faster when its old member expires sooner.
      sessionTimeout: c.sessionTimeoutMs ?? 10_000,
      heartbeatInterval: c.heartbeatIntervalMs ?? 1_000,
      readUncommitted: c.isolationLevel === 'read_uncommitted',
      // kafkajs's consumer default (5 retries); once the source has started, a crashed consumer is restarted by
      // `recovery`, never by kafkajs.
      retry: { retries: 5, restartOnFailure: async () => !this.started },
      ...(c.fetchMinBytes !== undefined && { minBytes: c.fetchMinBytes }),
      ...(c.fetchMaxBytes !== undefined && { maxBytes: c.fetchMaxBytes }),
      ...(c.maxPartitionFetchBytes !== undefined && { maxBytesPerPartition: c.maxPartitionFetchBytes }),
    });
    // 10,000 records a partition at 6 partitions: a partition pausing after each of its 1 MB fetches would stall the others' turns.
    this.highWater = options.maxBufferedRecords ?? 60_000;
    this.recovery = new ConsumerRecovery(options.brokers, () => this.restartConsumer(), options.log);
  }

  /**
   * Resolves once the consumer has joined its group with every partition's start
   * position fixed, so any record produced after that is delivered, even with
   * startingOffsets 'latest'.
   */
  async start(from: readonly SourceOffset[], committed?: () => Promise<SourceOffset[]>): Promise<SourceOffset[]> {
    this.committed = committed;
    const pattern = this.options.topicPattern;
    const topics = pattern === undefined ? [...this.options.topics] : await matchingTopics(this.kafka, pattern);
    const { ends, start } = await withAdmin(this.kafka, async (admin) => {
      const ends = await fetchPartitionEnds(admin, topics);
      const s = this.options.startingOffsets;
      const atTime = typeof s === 'object' && 'timestamp' in s ? await fetchTimestampOffsets(admin, topics, s.timestamp) : undefined;
      return { ends, start: resolveStartPositions(ends, { startingOffsets: s, from, ...(atTime && { atTime }) }) };
    });
    this.track(ends, start);
    const hold = this.options.holdForFirstBatch === false ? undefined : holdForFirstBatch(ends, start);
    this.held = hold?.held;
    this.heldLead = hold?.lead;

    const joined = new Promise<void>((resolve, reject) => {
      this.consumer.on(this.consumer.events.GROUP_JOIN, ({ payload }) => {
        this.started = true;
        this.recovery.joined();
        this.onGroupJoin(payload.memberAssignment);
        resolve();
      });
      this.consumer.on(this.consumer.events.CRASH, ({ payload }) => {
        if (payload.restart || this.closed) return;
        if (this.started) {
          this.running = false;
          this.recovery.crashed(payload.error);
        } else {
          this.fatal = payload.error;
          reject(payload.error);
        }
        this.wake?.();
      });
    });
    // A crash before joining also rejects `joined`; keep it from surfacing as unhandled.
    joined.catch(() => undefined);

    await this.consumer.connect();
    // A pattern that matches nothing yet has no group to join: its first topic starts the consumer.
    if (topics.length > 0) {
      await this.subscribeAndRun(topics);
      try {
        await withJoinTimeout(joined, this.options);
      } catch (error) {
        await this.close();
        throw error;
      }
    }
    if (pattern !== undefined) this.scheduleRefresh(pattern);
    this.heldUntil = Date.now() + MAX_HOLD_MS;
    return [...this.logEnds].map(([key, end]) => ({ topic: end.topic, partition: end.partition, offset: String(start.get(key) ?? 0n) }));
  }

  /** Start positions and log ends of newly read partitions. */
  private track(ends: readonly PartitionEnd[], start: ReadonlyMap<string, bigint>): void {
    for (const [key, offset] of start) {
      if (this.positions.has(key)) continue;
      this.positions.set(key, offset);
      this.delivered.set(key, offset);
    }
    for (const e of ends) {
      this.logEnds.set(partitionKey(e.topic, e.partition), { topic: e.topic, partition: e.partition, high: BigInt(e.high) });
    }
  }

  private async subscribeAndRun(topics: readonly string[]): Promise<void> {
    await this.consumer.subscribe({ topics: [...topics], fromBeginning: this.options.startingOffsets !== 'latest' });
    this.topics.push(...topics);
    await this.runConsumer();
  }

  private async runConsumer(): Promise<void> {
    await this.consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: true,
      eachBatch: (payload) => this.onBatch(payload),
    });
    // A run that crashed at once (the broker still away) is not running: `recovery` starts it again.
    this.running = this.recovery.failure() === undefined;
  }

  private scheduleRefresh(pattern: string): void {
    if (this.closed) return;
    this.refreshTimer = setTimeout(() => {
      this.refreshing = this.addMatchingTopics(pattern)
        .catch((error: Error) => {
          // The next refresh asks again. A consumer this refresh stopped and could not start again is restarted
          // as a crashed one is, or, if it had never joined its group, surfaces through poll().
          if (this.running || this.topics.length === 0) return;
          if (this.started) this.recovery.crashed(error);
          else this.fatal = error;
        })
        .finally(() => this.scheduleRefresh(pattern));
    }, this.options.topicRefreshMs ?? TOPIC_REFRESH_MS);
  }

  /**
   * Reads topics that began to match the pattern since the last look, from
   * their start (Spark: partitions discovered while a query runs start at the
   * earliest offset). kafkajs fixes its subscription when its consumer starts,
   * so the consumer stops and starts again with the new topics: the group
   * rebalances, and every partition resumes from this source's own positions.
   */
  private async addMatchingTopics(pattern: string): Promise<void> {
    // While the consumer is lost, so is the broker: the first refresh after it is back looks.
    if (this.recovery.failure()) return;
    const added = (await matchingTopics(this.kafka, pattern)).filter((t) => !this.topics.includes(t));
    if (added.length === 0 || this.closed) return;
    const ends = await withAdmin(this.kafka, (admin) => fetchPartitionEnds(admin, added));
    this.track(ends, resolveStartPositions(ends, { startingOffsets: 'earliest', from: [] }));
    if (this.closed) return;
    if (this.running) {
      this.running = false;
      await this.consumer.stop();
    }
    if (this.closed) return;
    await this.subscribeAndRun(added);
  }

  async poll(maxRecords: number, maxWaitMs: number): Promise<SourceRecord[]> {
    if (this.polling) throw new Error('KafkaSource.poll: a poll is already waiting');
    this.throwIfBroken();
    if (this.held && (this.tookFirst || Date.now() >= this.heldUntil)) this.releaseHeld();
    if (this.buffer.size === 0 && maxWaitMs > 0 && !this.closed) {
      this.polling = true;
      try {
        await this.waitForRecords(maxWaitMs);
      } finally {
        this.polling = false;
      }
      this.throwIfBroken();
    }
    const records = this.buffer.take(maxRecords, partitionBacklogs(this.logEnds, this.delivered));
    if (records.length > 0) this.tookFirst = true;
    // A partition's records come in offset order, in runs: the end of each run is enough, and the last one wins.
    for (let i = 0; i < records.length; i++) {
      const r = records[i]!;
      const next = records[i + 1];
      if (next === undefined || next.partition !== r.partition || next.topic !== r.topic)
        this.delivered.set(partitionKey(r.topic, r.partition), BigInt(r.offset) + 1n);
    }
    const low = this.partitionHighWater() / 2;
    const resumed = [...this.pausedKeys].filter(([key]) => this.buffer.sizeOf(key) <= low && !this.held?.has(key));
    for (const [key] of resumed) this.pausedKeys.delete(key);
    // A stopped consumer starts again unpaused (onGroupJoin pauses only what is still paused).
    if (resumed.length > 0 && this.running && !this.closed) this.consumer.resume(byTopic(resumed.map(([, p]) => p)));
    return records;
  }

  /** Resumes the partitions held back for the first batch, except those paused for a full buffer. */
  private releaseHeld(): void {
    const held = this.held;
    if (held === undefined) return;
    this.held = undefined;
    this.heldLead = undefined;
    const resumed = [...held].filter(([key]) => !this.pausedKeys.has(key)).map(([, p]) => p);
    if (resumed.length > 0 && this.running && !this.closed) this.consumer.resume(byTopic(resumed));
  }

  /** Records fetched before the consumer was lost are still delivered; once they are taken, a poll says why no more come. */
  private throwIfBroken(): void {
    if (this.fatal) throw this.fatal;
    const lost = this.buffer.size === 0 ? this.recovery.failure() : undefined;
    if (lost) throw lost;
  }

  async seek(offsets: readonly SourceOffset[]): Promise<void> {
    for (const o of offsets) {
      const key = partitionKey(o.topic, o.partition);
      const offset = BigInt(o.offset);
      this.positions.set(key, offset);
      this.delivered.set(key, offset);
      this.buffer.drop(key);
      // A partition assigned elsewhere is sought at its next assignment (onGroupJoin).
      if (this.assigned.has(key) && this.running && !this.closed)
        this.consumer.seek({ topic: o.topic, partition: o.partition, offset: o.offset });
    }
  }

  pendingPartitions(): { topic: string; partition: number }[] {
    return pendingPartitions(this.logEnds, this.delivered);
  }

  /** Current offset range of every partition, e.g. for a run that stops at the end. */
  async endOffsets(): Promise<PartitionEnd[]> {
    // While the consumer is lost, so is the broker.
    const lost = this.recovery.failure();
    if (lost) throw lost;
    try {
      return await withAdmin(this.started ? this.readsKafka : this.kafka, (admin) => fetchPartitionEnds(admin, this.topics));
    } catch (error) {
      if (isAuthenticationRefused(error)) throw new AuthenticationRefused(this.options.brokers, error as Error);
      throw isOutage(error) ? new BrokerUnreachable(this.options.brokers, error as Error) : error;
    }
  }

  async commitForLag(stored: readonly SourceOffset[]): Promise<void> {
    const offsets = lagOffsets(stored, this.logEnds);
    if (offsets.length === 0 || this.closed || !this.running) return;
    try {
      await this.consumer.commitOffsets(offsets.map((o) => ({ ...o })));
    } catch (error) {
      // Lag monitoring only: the next batch commits again once the group settles.
      if (!REBALANCE_ERRORS.has((error as { type?: string }).type ?? '')) throw error;
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.recovery.close();
    clearTimeout(this.refreshTimer);
    this.wake?.();
    this.buffer.clear();
    await this.refreshing;
    await this.consumer.disconnect();
  }

  /**
   * After a crash: every partition goes back to the sink's committed offset
   * (this source's delivered position where the sink has none), with what was
   * buffered dropped, and the consumer runs and joins its group again. A
   * record delivered again from there never reaches a second batch: the runner
   * drops records below its own positions.
   */
  private async restartConsumer(): Promise<void> {
    const stored = this.committed ? await this.committed().catch((): SourceOffset[] => []) : [];
    if (this.closed) return;
    const committed = new Map(stored.map((o) => [partitionKey(o.topic, o.partition), o.offset]));
    const offsets: SourceOffset[] = [];
    for (const [key, end] of this.logEnds) {
      const offset = committed.get(key) ?? this.delivered.get(key)?.toString();
      if (offset !== undefined) offsets.push({ topic: end.topic, partition: end.partition, offset });
    }
    await this.seek(offsets);
    this.pausedKeys.clear();
    this.held = undefined;
    this.heldLead = undefined;
    await this.runConsumer();
  }

  private onGroupJoin(assignment: Record<string, number[]>): void {
    // Runs synchronously inside kafkajs's join, before its first fetch, so the
    // seeks below decide where every fetch starts. kafkajs builds a new group
    // object when it restarts after a crash, which forgets pauses: re-apply.
    const assigned = new Set<string>();
    const added: string[] = [];
    for (const [topic, partitions] of Object.entries(assignment)) {
      for (const partition of partitions) {
        const key = partitionKey(topic, partition);
        assigned.add(key);
        if (!this.assigned.has(key)) added.push(key);
        const offset = this.positions.get(key);
        if (offset !== undefined) this.consumer.seek({ topic, partition, offset: offset.toString() });
      }
    }
    this.assigned = assigned;
    // Another member of the group reads the lead: nothing here waits for it.
    if (this.heldLead !== undefined && !assigned.has(this.heldLead)) this.releaseHeld();
    // A paused partition assigned elsewhere stays listed: kafkajs keeps its pause, and the next poll resumes
    // it (its buffer is empty by then), so that it is fetched again when it comes back.
    const paused = [...this.pausedKeys, ...(this.held ?? [])].filter(([key]) => assigned.has(key)).map(([, p]) => p);
    if (paused.length > 0) this.consumer.pause(byTopic(paused));
    if (added.length > 0) void this.seekToCommitted(new Set(added));
  }

  /**
   * Seeks newly assigned partitions to the sink's offsets as they are now. A
   * failed read leaves this source's own positions: the sink's fence still
   * refuses a batch that does not start at the stored offsets.
   */
  private async seekToCommitted(keys: ReadonlySet<string>): Promise<void> {
    if (this.committed === undefined) return;
    const stored = await this.committed().catch(() => []);
    if (this.closed) return;
    const moved = stored.filter((o) => {
      const key = partitionKey(o.topic, o.partition);
      return keys.has(key) && this.assigned.has(key) && this.positions.get(key) !== BigInt(o.offset);
    });
    await this.seek(moved);
  }

  private async onBatch({ batch, isStale }: EachBatchPayload): Promise<void> {
    // A stale batch was fetched before a seek; the seek's position refetches it.
    if (this.closed || isStale()) return;
    const key = partitionKey(batch.topic, batch.partition);
    this.logEnds.set(key, { topic: batch.topic, partition: batch.partition, high: BigInt(batch.highWatermark) });
    let messages = batch.messages;
    const floor = this.positions.get(key);
    const first = messages[0];
    if (first === undefined) return;
    if (floor !== undefined && BigInt(first.offset) < floor) {
      messages = messages.filter((m) => BigInt(m.offset) >= floor);
    }
    const last = messages[messages.length - 1];
    if (last === undefined) return;

    this.buffer.push(
      key,
      messages.map((m) => toRecord(batch.topic, batch.partition, m)),
    );
    this.positions.set(key, BigInt(last.offset) + 1n);
    if (this.held && !this.held.has(key)) {
      // The first fetch is in: nothing more is fetched until the runner polls again, its first batch done.
      const p = { topic: batch.topic, partition: batch.partition };
      this.held.set(key, p);
      if (this.running) this.consumer.pause(byTopic([p]));
    }
    // Paused per partition, so that a partition behind the others is still fetched while they wait: with
    // the buffer's shares by backlog, the partitions of a backlog move through it together.
    if (!this.pausedKeys.has(key) && this.buffer.sizeOf(key) >= this.partitionHighWater()) {
      const p = { topic: batch.topic, partition: batch.partition };
      this.pausedKeys.set(key, p);
      if (this.running) this.consumer.pause(byTopic([p]));
    }
    this.wake?.();
  }

  private waitForRecords(maxWaitMs: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.wake = null;
        resolve();
      };
      const timer = setTimeout(done, maxWaitMs);
      this.wake = done;
    });
  }

  /** Each partition's share of maxBufferedRecords. */
  private partitionHighWater(): number {
    return Math.max(1, Math.floor(this.highWater / Math.max(1, this.logEnds.size)));
  }
}

/** kafkajs's pause/resume argument for these partitions. */
function byTopic(partitions: readonly { topic: string; partition: number }[]): { topic: string; partitions: number[] }[] {
  const topics = new Map<string, number[]>();
  for (const p of partitions) topics.set(p.topic, [...(topics.get(p.topic) ?? []), p.partition]);
  return [...topics].map(([topic, ps]) => ({ topic, partitions: ps }));
}

/** One object literal per record, with `headers` only where there are some (kafkajs gives every message an object). */
function toRecord(topic: string, partition: number, m: KafkaMessage): SourceRecord {
  const { headers } = m;
  const key = m.key ?? null;
  const value = m.value ?? null;
  const timestamp = Number(m.timestamp);
  return headers !== undefined && hasEntries(headers)
    ? { topic, partition, offset: m.offset, timestamp, key, value, headers }
    : { topic, partition, offset: m.offset, timestamp, key, value };
}

/** Whether an object has an own enumerable key, without building the array of its keys. */
function hasEntries(o: object): boolean {
  for (const k in o) if (Object.hasOwn(o, k)) return true;
  return false;
}
