import { compile } from '../../src/compile.js';
import { createSink, createSource } from '../../src/connectors/createConnectors.js';
import type { Logger } from '../../src/runtime/Logger.js';
import type { KafkaClientName } from '../../src/config/kafkaClientChoice.js';
import { QueryRunner } from '../../src/runtime/QueryRunner.js';
import type { TaskChannel } from '../child/tasks.js';
import { LatencyHistogram, type LatencySummary } from '../report/LatencyHistogram.js';
import { ConsumeTiming } from './consumeTiming.js';
import { InstrumentedSink } from './InstrumentedSink.js';
import { InstrumentedSource } from './InstrumentedSource.js';
import { INSERT_ONLY_CONNECTORS } from './insertOnlyPostgres.js';

export interface RunQueryParams {
  readonly brokers: readonly string[];
  readonly postgresUrl: string;
  /** For a query INTO ORACLE. */
  readonly oracleUrl?: string;
  /** The .ksql text: one query (plus stream declarations). */
  readonly query: string;
  /** The source's client (`kafka.client`); absent: the default. */
  readonly kafkaClient?: KafkaClientName;
  /**
   * A CONTINUOUS query runs until the harness sends 'stop after N' (stop once N
   * records are committed) or 'stop'; AVAILABLE NOW stops by itself at the end
   * offsets seen at start.
   */
  /** Notify 'ready' once the consumer has joined, so the harness starts producing only then. */
  readonly announceReady?: boolean;
  /** The PostgreSQL sink writes by INSERT, not COPY: the figures from before COPY, in the same run. */
  readonly insertOnly?: boolean;
  /** Sample the operators' state and the process's RSS after every this many records (the state scenario). */
  readonly sampleEveryRecords?: number;
}

/** The state held after a batch, and the process's footprint then. */
export interface StateSample {
  readonly records: number;
  readonly stateRows: number;
  /** The progress figures' estimate of the state's size (memoryUsedBytes). */
  readonly stateBytes: number;
  readonly rssMb: number;
  readonly heapUsedMb: number;
  /** Event time the watermark had reached (epoch ms). */
  readonly watermark: number;
  /** How far apart the partitions' positions are (records): the slowest holds the watermark back. */
  readonly partitionSpread: number;
}

export interface RunQueryValue {
  readonly records: number;
  readonly rowsOut: number;
  /** From the consumer having joined to the last commit (see ConsumeTiming). */
  readonly seconds: number;
  readonly rate: number;
  readonly batches: number;
  readonly lateRows: number;
  readonly deadLetters: number;
  /** Per record: commit of its batch − its produce timestamp. */
  readonly latency: LatencySummary;
  /** From run() to the consumer having joined, and to the first records in hand. */
  readonly startMillis: number;
  /**
   * The query process's own CPU (user + system) per record read, from the
   * consumer having joined to the end: what k2o spends on a record, which moves
   * far less with the machine's load than the rate does.
   */
  readonly cpuMicrosPerRecord: number;
  /** Time inside Sink.writeBatch, all batches: the runtime waits on the database meanwhile. */
  readonly sinkWriteSeconds: number;
  readonly firstRecordsMillis: number;
  readonly warnings: readonly string[];
  /** State entries the commits wrote and deleted, and the written values' bytes. */
  readonly stateWrites: { readonly put: number; readonly deleted: number; readonly bytes: number };
  /** Present with sampleEveryRecords. */
  readonly samples?: readonly StateSample[];
}

/**
 * One query through the real QueryRunner with the real connectors (as `k2o run`
 * builds them), instrumented around the source and the sink only.
 */
export async function run(p: RunQueryParams, channel: TaskChannel): Promise<RunQueryValue> {
  const compiled = compile(p.query);
  const q = compiled.queries[0];
  if (!q) throw new Error(`the benchmark query does not compile: ${compiled.diagnostics.map((d) => d.message).join('; ')}`);
  const config = {
    kafkaBrokers: p.brokers,
    urls: { postgres: p.postgresUrl, ...(p.oracleUrl && { oracle: p.oracleUrl }) },
    ...(p.kafkaClient && { kafkaClient: { client: p.kafkaClient } }),
  };
  const latency = new LatencyHistogram();
  const timing = new ConsumeTiming();
  const began = performance.now();
  let firstRecordsAt = NaN;
  let cpuAtStart: NodeJS.CpuUsage | undefined;
  const source = new InstrumentedSource(await createSource(q.physical, config), {
    onStarted: () => {
      timing.begin();
      cpuAtStart = process.cpuUsage();
      if (p.announceReady) channel.notify('ready');
    },
    onRecords: () => {
      if (Number.isNaN(firstRecordsAt)) firstRecordsAt = performance.now();
    },
  });
  const sink = new InstrumentedSink(await createSink(q.physical, config, ...(p.insertOnly ? [INSERT_ONLY_CONNECTORS] : [])), () => {
    latency.recordCommit(Date.now(), source.pending);
    timing.add(source.pending.length);
    source.pending = [];
  });
  const stop = new AbortController();
  let stopAfter = Infinity;
  channel.onEvent((event) => {
    const after = /^stop after (\d+)$/.exec(event);
    if (after) stopAfter = Number(after[1]);
    if (event === 'stop' || runner.metrics.recordsIn >= stopAfter) stop.abort();
  });
  const warnings: string[] = [];
  const log: Logger = { info: () => {}, warn: (m) => warnings.length < 20 && warnings.push(m), error: (m) => warnings.push(`error: ${m}`) };
  const samples: StateSample[] = [];
  let nextSample = p.sampleEveryRecords ?? Infinity;
  const runner = new QueryRunner(q.physical, {
    source,
    sink,
    log,
    signal: stop.signal,
    onBatch: (m, batch) => {
      if (m.recordsIn >= stopAfter) stop.abort();
      if (m.recordsIn < nextSample) return;
      nextSample = m.recordsIn + p.sampleEveryRecords!;
      const mem = process.memoryUsage();
      const ends = batch.sources.map((s) => Number(s.endOffset));
      samples.push({
        records: m.recordsIn,
        stateRows: batch.stateOperators.reduce((n, s) => n + s.numRowsTotal, 0),
        stateBytes: batch.stateOperators.reduce((n, s) => n + s.memoryUsedBytes, 0),
        rssMb: mem.rss / 2 ** 20,
        heapUsedMb: mem.heapUsed / 2 ** 20,
        watermark: m.watermark,
        partitionSpread: Math.max(...ends) - Math.min(...ends),
      });
    },
  });
  const m = await runner.run();
  const t = timing.result();
  const cpu = process.cpuUsage(cpuAtStart);
  return {
    records: m.recordsIn,
    rowsOut: m.rowsOut,
    seconds: t.seconds,
    rate: m.recordsIn / t.seconds,
    batches: m.batches,
    lateRows: m.lateRows,
    deadLetters: m.deadLetters,
    latency: latency.summary(),
    startMillis: source.startedAt - began,
    cpuMicrosPerRecord: (cpu.user + cpu.system) / m.recordsIn,
    sinkWriteSeconds: sink.writeMillis / 1000,
    firstRecordsMillis: firstRecordsAt - began,
    warnings,
    stateWrites: sink.stateWrites,
    ...(p.sampleEveryRecords !== undefined && { samples }),
  };
}
