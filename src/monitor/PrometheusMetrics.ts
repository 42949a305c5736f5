import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { LagSample, Query, QueryProgress, QueryState, QueryStatus } from '../engine/index.js';

/** Every state a query can be in: the status gauge has one series per state, 1 for the current one. */
const STATES = Object.keys({
  CREATED: true,
  RUNNING: true,
  RETRYING: true,
  STANDBY: true,
  STOPPED: true,
  FAILED: true,
  COMPLETED: true,
} satisfies Record<QueryState, true>) as QueryState[];

/** Batch durations from a millisecond to two minutes. */
const DURATION_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];
/** End-to-end latency reaches further: a query may start hours behind its topic. */
const LATENCY_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600];

/**
 * The queries' figures in Prometheus's text format (`/metrics`), labelled by
 * query: counters follow the engine's batch events, gauges its status and lag
 * samples, so a scrape never waits on a query. Names and units follow
 * Prometheus's conventions (`_total`, `_seconds`, base units).
 */
export class PrometheusMetrics {
  readonly registry = new Registry();
  private readonly recordsIn = this.counter('k2o_records_in_total', 'Kafka records read and committed (dead letters included)');
  private readonly rowsOut = this.counter('k2o_rows_out_total', 'Rows written to the sink');
  private readonly deadLetters = this.counter('k2o_dead_letters_total', 'Records set aside as dead letters');
  private readonly lateRows = this.counter('k2o_late_rows_total', 'Rows dropped because their window had closed');
  private readonly sinkRetries = this.counter('k2o_sink_retries_total', 'Sink calls that failed and were retried');
  private readonly batches = this.counter('k2o_batches_total', 'Micro-batches committed');
  private readonly watermark = new Gauge({
    name: 'k2o_watermark_seconds',
    help: 'Event-time watermark (Unix time); absent before the first event time',
    labelNames: ['query'],
    registers: [this.registry],
  });
  private readonly lag = new Gauge({
    name: 'k2o_lag_records',
    help: "Records in a partition's log not yet committed into the sink (log end offset minus committed offset)",
    labelNames: ['query', 'topic', 'partition'],
    registers: [this.registry],
  });
  private readonly stateRows = new Gauge({
    name: 'k2o_state_rows',
    help: 'Rows held in the state of a stateful operator',
    labelNames: ['query', 'operator'],
    registers: [this.registry],
  });
  private readonly stateBytes = new Gauge({
    name: 'k2o_state_bytes',
    help: 'Estimated size of the state of a stateful operator',
    labelNames: ['query', 'operator'],
    registers: [this.registry],
  });
  private readonly status = new Gauge({
    name: 'k2o_query_status',
    help: 'The state a query is in: 1 for its current state, 0 for the others',
    labelNames: ['query', 'state'],
    registers: [this.registry],
  });
  private readonly batchDuration = new Histogram({
    name: 'k2o_batch_duration_seconds',
    help: 'Micro-batch duration, from fetch start to commit',
    labelNames: ['query'],
    buckets: DURATION_BUCKETS,
    registers: [this.registry],
  });
  private readonly phaseDuration = new Histogram({
    name: 'k2o_batch_phase_duration_seconds',
    help: 'Time a micro-batch spent in each phase (fetch, decode, operators, commit)',
    labelNames: ['query', 'phase'],
    buckets: DURATION_BUCKETS,
    registers: [this.registry],
  });
  private readonly latency = new Histogram({
    name: 'k2o_end_to_end_latency_seconds',
    help: "From the Kafka timestamp of a batch's oldest record to the batch's commit",
    labelNames: ['query'],
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'k2o_process_' });
  }

  /** Follows a query from now on; its series appear at once, at zero. */
  watch(query: Query): void {
    const labels = { query: query.id };
    for (const c of [this.recordsIn, this.rowsOut, this.deadLetters, this.lateRows, this.sinkRetries, this.batches]) c.inc(labels, 0);
    this.setStatus(query.id, query.status());
    query.on('status', (s) => this.setStatus(query.id, s));
    query.on('batch', (p) => this.onBatch(p));
    query.on('lag', (sample) => this.setLag(query.id, sample));
  }

  async text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  private onBatch(p: QueryProgress): void {
    const query = { query: p.id };
    this.recordsIn.inc(query, p.numInputRows);
    this.rowsOut.inc(query, p.numOutputRows);
    this.deadLetters.inc(query, p.numDeadLetters);
    this.lateRows.inc(query, p.numLateRows);
    this.batches.inc(query);
    if (p.eventTime.watermark) this.watermark.set(query, Date.parse(p.eventTime.watermark) / 1000);
    for (const s of p.stateOperators) {
      this.stateRows.set({ ...query, operator: s.operatorId }, s.numRowsTotal);
      this.stateBytes.set({ ...query, operator: s.operatorId }, s.memoryUsedBytes);
    }
    const d = p.durationMs;
    this.batchDuration.observe(query, d.total / 1000);
    for (const phase of ['fetch', 'decode', 'operators', 'commit'] as const)
      this.phaseDuration.observe({ ...query, phase }, d[phase] / 1000);
    this.latency.observe(query, p.endToEndLatencyMs / 1000);
  }

  private setStatus(id: string, status: QueryStatus): void {
    // Each RETRYING status is one failed sink call about to be tried again.
    if (status.state === 'RETRYING') this.sinkRetries.inc({ query: id });
    for (const state of STATES) this.status.set({ query: id, state }, state === status.state ? 1 : 0);
  }

  private setLag(id: string, sample: LagSample): void {
    for (const p of sample.partitions) this.lag.set({ query: id, topic: p.topic, partition: String(p.partition) }, p.lag);
  }

  private counter(name: string, help: string): Counter {
    return new Counter({ name, help, labelNames: ['query'], registers: [this.registry] });
  }
}
