import type { Admin, Consumer, GroupAssignment } from '@platformatic/kafka';
import type { SourceOffset } from '../../../runtime/ports/Sink.js';
import type { PartitionEnd, Source, SourceRecord } from '../../../runtime/ports/Source.js';
import { partitionKey } from '../../../runtime/ports/partitionKey.js';
import { RoundRobinBuffer } from '../RoundRobinBuffer.js';
import { resolveStartPositions } from '../startPositions.js';
import { topicsMatching, TOPIC_REFRESH_MS } from '../topicPattern.js';
import type { KafkaSourceOptions } from '../KafkaSource.js';
import { connectionOptions, consumerOptions, DEFAULT_PARTITION_FETCH_BYTES, ISOLATION_LEVELS } from './platformaticOptions.js';
import { partitionEnds, timestampOffsets } from './platformaticOffsets.js';
import { fetchedRecords, type FetchedPartition } from './fetchedRecords.js';
import { withJoinTimeout } from '../joinTimeout.js';
import { lagOffsets } from '../lagOffsets.js';
import { partitionBacklogs, pendingPartitions } from '../partitionBacklogs.js';
import { asSourceError, isFetchRetriable, isRejoinError, outOfRange } from './platformaticErrors.js';

export interface PlatformaticSourceOptions extends KafkaSourceOptions {
  /** Kafka's group.instance.id: static membership (KIP-345). */
  readonly groupInstanceId?: string;
}

/** How long the fetch loop waits after a failed fetch before it asks again, at first and at most. */
const RETRY_MS = { first: 200, max: 5_000 };

type Library = typeof import('@platformatic/kafka');

/**
 * A pull source over @platformatic/kafka. The client's group membership (join,
 * heartbeats, rejoin on a rebalance) is used as it is, but not its message
 * stream: this source issues the fetches itself, from its own positions, and
 * fetches a partition only while it holds fewer than its share of
 * `maxBufferedRecords`, so backpressure is simply not asking (the buffer holds
 * at most that plus one fetch a partition). A poll shares its records among
 * the partitions by backlog, as KafkaSource's does.
 *
 * Positions are this source's own, as in KafkaSource: initially the sink's
 * offsets (DESIGN §3); a partition newly assigned to this member is fetched
 * only once the sink's offsets have been read again (`committed`), so it never
 * starts from a position another process has committed past. A seek counts as
 * a new epoch of its partition: a fetch under way when it happened is dropped
 * when it returns, so nothing from before the seek is delivered after it.
 */
export class PlatformaticSource implements Source {
  private lib!: Library;
  private consumer!: Consumer;
  private admin: Admin | undefined;
  private readonly buffer = new RoundRobinBuffer<SourceRecord>();
  /** Next offset to fetch, per partition: after the last record buffered. */
  private readonly positions = new Map<string, bigint>();
  /** Next offset after the last record poll() handed out, per partition. */
  private readonly delivered = new Map<string, bigint>();
  private readonly logEnds = new Map<string, { topic: string; partition: number; high: bigint }>();
  /** Bumped by every seek of a partition: a fetch answered for an older epoch is dropped. */
  private readonly epochs = new Map<string, number>();
  /** Assigned partitions waiting for the sink's offsets before their first fetch. */
  private readonly awaitingCommitted = new Set<string>();
  private assigned = new Map<string, { topic: string; partition: number }>();
  private readonly highWater: number;
  private readonly isolationLevel: number;
  private committed: (() => Promise<SourceOffset[]>) | undefined;
  private topics: string[] = [];
  private closed = false;
  private fatal: Error | null = null;
  /** Wakes a poll() waiting for records. */
  private wakePoll: (() => void) | null = null;
  /** Wakes the fetch loop waiting for room in the buffer or for an assignment. */
  private wakeFetch: (() => void) | null = null;
  private polling = false;
  private loop: Promise<void> = Promise.resolve();
  private refreshTimer: NodeJS.Timeout | undefined;
  private refreshing: Promise<void> = Promise.resolve();

  constructor(private readonly options: PlatformaticSourceOptions) {
    this.highWater = options.maxBufferedRecords ?? 20_000;
    this.isolationLevel = ISOLATION_LEVELS[options.consumer?.isolationLevel ?? 'read_committed'];
  }

  /** Resolves once the consumer has joined its group with every partition's start position fixed. */
  async start(from: readonly SourceOffset[], committed?: () => Promise<SourceOffset[]>): Promise<SourceOffset[]> {
    this.committed = committed;
    // Loaded here, not with the module: a process that reads with kafkajs never compiles this client.
    this.lib = await import('@platformatic/kafka');
    const o = this.options;
    const c = o.consumer ?? {};
    this.consumer = new this.lib.Consumer(
      consumerOptions(
        {
          brokers: o.brokers,
          clientId: c.clientId ?? o.clientId,
          groupId: o.groupId,
          ...(o.groupInstanceId !== undefined && { groupInstanceId: o.groupInstanceId }),
        },
        c,
        o.security,
      ),
    );
    // A rejoin that failed for good ends the membership: poll() says so.
    this.consumer.on('error', (error: Error) => this.fail(error));
    this.consumer.on('consumer:group:join', ({ assignments }) => this.onGroupJoin(assignments ?? []));
    try {
      const topics = o.topicPattern === undefined ? [...o.topics] : await this.matchingTopics(o.topicPattern);
      const ends = await partitionEnds(this.consumer, topics, this.isolationLevel);
      const s = o.startingOffsets;
      const atTime = typeof s === 'object' && 'timestamp' in s ? await timestampOffsets(this.consumer, ends, s.timestamp) : undefined;
      const start = resolveStartPositions(ends, { startingOffsets: s, from, ...(atTime && { atTime }) });
      this.track(ends, start);
      // A pattern that matches nothing yet has no group to join: its first topic joins it.
      if (topics.length > 0) await withJoinTimeout(this.subscribe(topics), this.options);
    } catch (error) {
      await this.close();
      throw asSourceError(error, o.brokers);
    }
    if (o.topicPattern !== undefined) this.scheduleRefresh(o.topicPattern);
    this.loop = this.fetchLoop();
    return [...this.logEnds].map(([key, end]) => ({
      topic: end.topic,
      partition: end.partition,
      offset: String(this.positions.get(key) ?? 0n),
    }));
  }

  async poll(maxRecords: number, maxWaitMs: number): Promise<SourceRecord[]> {
    if (this.polling) throw new Error('PlatformaticSource.poll: a poll is already waiting');
    if (this.fatal) throw this.fatal;
    if (this.buffer.size === 0 && maxWaitMs > 0 && !this.closed) {
      this.polling = true;
      try {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(done, maxWaitMs);
          const self = this;
          function done(): void {
            clearTimeout(timer);
            self.wakePoll = null;
            resolve();
          }
          this.wakePoll = done;
        });
      } finally {
        this.polling = false;
      }
      if (this.fatal) throw this.fatal;
    }
    const records = this.buffer.take(maxRecords, partitionBacklogs(this.logEnds, this.delivered));
    for (const r of records) this.delivered.set(partitionKey(r.topic, r.partition), BigInt(r.offset) + 1n);
    if (records.length > 0) this.wakeFetch?.();
    return records;
  }

  async seek(offsets: readonly SourceOffset[]): Promise<void> {
    for (const o of offsets) {
      const key = partitionKey(o.topic, o.partition);
      const offset = BigInt(o.offset);
      this.positions.set(key, offset);
      this.delivered.set(key, offset);
      this.epochs.set(key, (this.epochs.get(key) ?? 0) + 1);
      this.buffer.drop(key);
    }
    this.wakeFetch?.();
  }

  pendingPartitions(): { topic: string; partition: number }[] {
    return pendingPartitions(this.logEnds, this.delivered);
  }

  async endOffsets(): Promise<PartitionEnd[]> {
    try {
      return await partitionEnds(this.consumer, this.topics, this.isolationLevel);
    } catch (error) {
      throw asSourceError(error, this.options.brokers);
    }
  }

  async commitForLag(stored: readonly SourceOffset[]): Promise<void> {
    const offsets = lagOffsets(stored, this.logEnds);
    if (offsets.length === 0 || this.closed || !this.consumer.isActive()) return;
    try {
      await this.consumer.commit({
        offsets: offsets.map((o) => ({ topic: o.topic, partition: o.partition, offset: BigInt(o.offset), leaderEpoch: -1 })),
      });
    } catch (error) {
      // Lag monitoring only: the next batch commits again once the group settles.
      if (!isRejoinError(error)) throw error;
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.refreshTimer);
    this.wakePoll?.();
    this.wakeFetch?.();
    this.buffer.clear();
    await this.refreshing;
    // Leaving the group (unless it never formed) hands the partitions over at once; a fetch under way then fails and is dropped.
    await this.consumer?.close(true).catch(() => undefined);
    await this.loop;
    await this.admin?.close().catch(() => undefined);
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

  /** Adds topics to the subscription: the group rebalances, and every partition goes on from this source's positions. */
  private async subscribe(topics: readonly string[]): Promise<void> {
    for (const t of topics) this.consumer.topics.track(t);
    this.topics.push(...topics);
    await this.consumer.joinGroup({});
  }

  private onGroupJoin(assignments: readonly GroupAssignment[]): void {
    const assigned = new Map<string, { topic: string; partition: number }>();
    const added = new Set<string>();
    for (const { topic, partitions } of assignments) {
      for (const partition of partitions) {
        const key = partitionKey(topic, partition);
        assigned.set(key, { topic, partition });
        if (!this.assigned.has(key)) added.add(key);
      }
    }
    this.assigned = assigned;
    if (added.size > 0 && this.committed !== undefined) {
      for (const key of added) this.awaitingCommitted.add(key);
      void this.seekToCommitted(added);
    }
    this.wakeFetch?.();
  }

  /**
   * Moves newly assigned partitions to the sink's offsets as they are now. A
   * failed read leaves this source's own positions: the sink's fence still
   * refuses a batch that does not start at the stored offsets.
   */
  private async seekToCommitted(keys: ReadonlySet<string>): Promise<void> {
    const stored = await (this.committed as () => Promise<SourceOffset[]>)().catch(() => []);
    if (this.closed) return;
    const moved = stored.filter((o) => {
      const key = partitionKey(o.topic, o.partition);
      return keys.has(key) && this.positions.get(key) !== BigInt(o.offset);
    });
    await this.seek(moved);
    for (const key of keys) this.awaitingCommitted.delete(key);
    this.wakeFetch?.();
  }

  /** Fetches while the buffer has room, one request per leader at a time. */
  private async fetchLoop(): Promise<void> {
    let retryMs = RETRY_MS.first;
    while (!this.closed && this.fatal === null) {
      // Per partition, so that a partition behind the others is still fetched while they wait (KafkaSource's pause).
      const room = Math.max(1, Math.floor(this.highWater / Math.max(1, this.assigned.size)));
      const wanted = [...this.assigned].filter(
        ([key]) => !this.awaitingCommitted.has(key) && this.positions.has(key) && this.buffer.sizeOf(key) < room,
      );
      if (wanted.length === 0) {
        await this.fetchWait(1_000);
        continue;
      }
      try {
        await this.fetchOnce(wanted);
        retryMs = RETRY_MS.first;
      } catch (error) {
        if (this.closed) return;
        if (!isFetchRetriable(error)) {
          this.fail(asSourceError(error, this.options.brokers));
          return;
        }
        // A broker outage or a leader moving: ask again, ever less often, until it answers.
        this.options.log?.warn(`Kafka fetch failed, trying again in ${retryMs} ms: ${(error as Error).message}`);
        await this.fetchWait(retryMs);
        retryMs = Math.min(RETRY_MS.max, retryMs * 2);
      }
    }
  }

  private async fetchOnce(wanted: readonly [string, { topic: string; partition: number }][]): Promise<void> {
    const metadata = await this.consumer.metadata({ topics: this.topics });
    const names = new Map<string, string>();
    const byNode = new Map<
      number,
      Map<
        string,
        { partition: number; fetchOffset: bigint; partitionMaxBytes: number; currentLeaderEpoch: number; lastFetchedEpoch: number }[]
      >
    >();
    const asked = new Map<string, { offset: bigint; epoch: number }>();
    const maxBytes = this.options.consumer?.maxPartitionFetchBytes ?? DEFAULT_PARTITION_FETCH_BYTES;
    for (const [key, { topic, partition }] of wanted) {
      const t = metadata.topics.get(topic);
      const leader = t?.partitions[partition]?.leader;
      if (t === undefined || leader === undefined) continue;
      names.set(t.id, topic);
      const offset = this.positions.get(key) as bigint;
      asked.set(key, { offset, epoch: this.epochs.get(key) ?? 0 });
      const topicsOfNode = byNode.get(leader) ?? new Map();
      byNode.set(leader, topicsOfNode);
      const list = topicsOfNode.get(t.id) ?? [];
      topicsOfNode.set(t.id, list);
      list.push({ partition, fetchOffset: offset, partitionMaxBytes: maxBytes, currentLeaderEpoch: -1, lastFetchedEpoch: -1 });
    }
    await Promise.all(
      [...byNode].map(async ([node, topics]) => {
        const request = [...topics].map(([topicId, partitions]) => ({ topicId, partitions }));
        let response;
        try {
          response = await this.consumer.fetch({ node, topics: request });
        } catch (error) {
          // A position outside the log (retention removed records, or a seek past the end) moves inside it.
          const moved = outOfRange(error, names);
          if (moved.length === 0) throw error;
          for (const m of moved) await this.reposition(m.topic, m.partition, asked);
          return;
        }
        if (this.closed) return;
        for (const t of response.responses) {
          const topic = names.get(t.topicId);
          if (topic === undefined) continue;
          for (const p of t.partitions) this.take(topic, p, asked);
        }
      }),
    );
  }

  /** Buffers one partition's fetched records, unless a seek moved the partition since the fetch was asked. */
  private take(topic: string, p: FetchedPartition, asked: ReadonlyMap<string, { offset: bigint; epoch: number }>): void {
    const key = partitionKey(topic, p.partitionIndex);
    const ask = asked.get(key);
    // The broker's fetch session can answer for partitions not asked this time.
    if (ask === undefined || ask.epoch !== (this.epochs.get(key) ?? 0) || p.errorCode !== 0) return;
    const high = this.isolationLevel === ISOLATION_LEVELS.read_committed && p.lastStableOffset >= 0n ? p.lastStableOffset : p.highWatermark;
    this.logEnds.set(key, { topic, partition: p.partitionIndex, high });
    if (!p.records || p.records.length === 0) return;
    const { records, next } = fetchedRecords(topic, p.partitionIndex, p.records, ask.offset);
    this.positions.set(key, next);
    if (records.length === 0) return;
    this.buffer.push(key, records);
    this.wakePoll?.();
  }

  /**
   * Moves a partition whose fetch the broker refused as out of range inside its
   * log, as it is now (the refusal itself carries no range): below the start
   * (retention removed records) to the start, past the end to the end. A
   * position inside the range stays: the next fetch asks again.
   */
  private async reposition(topic: string, partition: number, asked: ReadonlyMap<string, { offset: bigint; epoch: number }>): Promise<void> {
    const key = partitionKey(topic, partition);
    const ask = asked.get(key);
    if (ask === undefined) return;
    const end = (await partitionEnds(this.consumer, [topic], this.isolationLevel)).find((e) => e.partition === partition);
    if (end === undefined || ask.epoch !== (this.epochs.get(key) ?? 0)) return;
    const [low, high] = [BigInt(end.low), BigInt(end.high)];
    const to = ask.offset < low ? low : ask.offset > high ? high : ask.offset;
    this.options.log?.warn(
      `Kafka refused offset ${ask.offset} of ${topic} partition ${partition} as out of range; the log holds [${low}, ${high}): reading from ${to}`,
    );
    this.positions.set(key, to);
  }

  private fetchWait(ms: number): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      const self = this;
      function done(): void {
        clearTimeout(timer);
        self.wakeFetch = null;
        resolve();
      }
      this.wakeFetch = done;
    });
  }

  private fail(error: unknown): void {
    if (this.closed || this.fatal) return;
    this.fatal = error instanceof Error ? error : new Error(String(error));
    this.wakePoll?.();
    this.wakeFetch?.();
  }

  private async matchingTopics(pattern: string): Promise<string[]> {
    this.admin ??= new this.lib.Admin({
      clientId: `${this.options.clientId}-admin`,
      bootstrapBrokers: [...this.options.brokers],
      ...connectionOptions(this.options.security),
    });
    return topicsMatching(pattern, await this.admin.listTopics({ includeInternals: false }));
  }

  private scheduleRefresh(pattern: string): void {
    if (this.closed) return;
    this.refreshTimer = setTimeout(() => {
      this.refreshing = this.addMatchingTopics(pattern)
        // The next refresh asks again; a broken membership surfaces through poll().
        .catch(() => undefined)
        .finally(() => this.scheduleRefresh(pattern));
    }, this.options.topicRefreshMs ?? TOPIC_REFRESH_MS);
  }

  /** Reads topics that began to match the pattern since the last look, from their start (Spark: discovered partitions start at the earliest offset). */
  private async addMatchingTopics(pattern: string): Promise<void> {
    const added = (await this.matchingTopics(pattern)).filter((t) => !this.topics.includes(t));
    if (added.length === 0 || this.closed) return;
    const ends = await partitionEnds(this.consumer, added, this.isolationLevel);
    this.track(ends, resolveStartPositions(ends, { startingOffsets: 'earliest', from: [] }));
    if (this.closed) return;
    await this.subscribe(added);
  }
}
