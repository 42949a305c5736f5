import { runtimeGaps, type CompiledQuery, type CompileResult } from '../../../src/compile.js';
import { ensureDeclaredTables } from '../../../src/engine/declaredTables.js';
import type { Diagnostic } from '../../../src/compiler/diagnostics/Diagnostic.js';
import { ConsoleSink } from '../../../src/connectors/console/ConsoleSink.js';
import { createSink } from '../../../src/connectors/createConnectors.js';
import { KafkaSource } from '../../../src/connectors/kafka/KafkaSource.js';
import type { Logger } from '../../../src/runtime/Logger.js';
import type { QueryMetrics } from '../../../src/runtime/QueryMetrics.js';
import { QueryRunner } from '../../../src/runtime/QueryRunner.js';
import type { Sink } from '../../../src/runtime/ports/Sink.js';
import type { Source } from '../../../src/runtime/ports/Source.js';
import type { Schema } from '../../../src/core/Schema.js';
import type { RouteName, TriggerSpec } from '../../../src/core/specs.js';
import type { StartingOffsets } from '../../../src/core/SourceDef.js';
import { resolveStartPositions, type StartPositionQuery } from '../../../src/connectors/kafka/startPositions.js';
import type { PartitionEnd } from '../../../src/runtime/ports/Source.js';
import { topicsMatching } from '../../../src/connectors/kafka/topicPattern.js';
import { createTableSource } from '../../../src/connectors/createBatchConnectors.js';
import { batchRunner } from '../../../src/engine/batchRunner.js';
import { BatchReadRunner } from '../../../src/runtime/batch/BatchReadRunner.js';
import { sourceOf } from '../../../src/plan/physical/PhysicalPlan.js';
import { routeSchemas } from '../../../src/plan/physical/routeSchemas.js';

/**
 * The one place the case runner and the differential check meet k2o's runtime
 * API (runner construction, sink construction, plan fields), so a change of
 * those signatures is absorbed here and nowhere else.
 */

const quiet: Logger = { info: () => {}, warn: () => {}, error: () => {} };

export interface RunOptions {
  readonly source: Source;
  readonly sink: Sink;
  readonly signal?: AbortSignal;
  readonly onBatch?: (metrics: Readonly<QueryMetrics>) => void;
}

/** Runs one query to the end of its trigger, or until `signal` aborts after a committed batch. */
export function runQuery(q: CompiledQuery, opts: RunOptions): Promise<QueryMetrics> {
  // A sink failure is final here: a case expecting rows must not wait out the retry backoff.
  const retry = { attempts: 1, firstDelayMs: 0, maxDelayMs: 0 };
  return new QueryRunner(q.physical, { ...opts, log: quiet, retry }).run();
}

/** Whether the query reads a table (a batch query), which runs once, whatever the case's batches. */
export function readsTable(q: CompiledQuery): boolean {
  return sourceOf(q.physical).kind === 'TableSourceExec';
}

/** Runs a batch query as `k2o run` would: into a table, a copy; into the console, micro-batches into `console`. */
export async function runBatchQuery(q: CompiledQuery, postgresUrl: string, console: Sink | undefined): Promise<QueryMetrics> {
  const config = { kafkaBrokers: [], urls: { postgres: postgresUrl } };
  if (console) return new BatchReadRunner(q.physical, await createTableSource(q.physical, config), console, { log: quiet }).run();
  return (await batchRunner(q.physical, config, { log: quiet })).run();
}

/** What `k2o run` refuses to run in this query (K4014), before any data flows. */
export function gapsOf(q: CompiledQuery): Diagnostic[] {
  return runtimeGaps(q);
}

/** The real PostgreSQL sink of a query, as `k2o run` would create it. */
export function postgresSinkFor(q: CompiledQuery, postgresUrl: string): Promise<Sink> {
  return createSink(q.physical, { kafkaBrokers: [], urls: { postgres: postgresUrl } });
}

/** The real console sink of a query, printing into `out` and `err` instead of the process's streams. */
export function consoleSinkFor(q: CompiledQuery, out: NodeJS.WritableStream, err: NodeJS.WritableStream): Sink {
  return new ConsoleSink(q.physical.schema, out, err);
}

/**
 * The real Kafka source of a query, reading `topics` instead of the ones the
 * statements name (in their order), offsets given per topic renamed with them.
 */
export function kafkaSourceFor(q: CompiledQuery, brokers: readonly string[], topics: readonly string[], groupId: string): Source {
  const source = q.analyzed.source;
  const named = shapeOf(q).topics;
  let startingOffsets = source.kind === 'stream' ? source.startingOffsets : 'earliest';
  if (typeof startingOffsets === 'object' && 'offsets' in startingOffsets) {
    const given = startingOffsets.offsets;
    startingOffsets = { offsets: Object.fromEntries(named.map((t, i) => [topics[i]!, given[t] ?? {}])) };
  }
  const consumer = source.kind === 'stream' ? source.consumer : undefined;
  return new KafkaSource({ brokers, topics, groupId, startingOffsets, clientId: groupId, ...(consumer && { consumer }) });
}

/** Where the runtime's Kafka source would start each partition of `ends` (the in-memory source starts there too). */
export function startPositionsOf(ends: readonly PartitionEnd[], q: StartPositionQuery): Map<string, bigint> {
  return resolveStartPositions(ends, q);
}

export interface QueryShape {
  readonly id: string;
  readonly sinkKind: string;
  /** The target table as written, absent for the console. */
  readonly table: string | undefined;
  readonly schema: Schema;
  readonly mode: string;
  readonly key: readonly string[];
  readonly trigger: TriggerSpec;
  /** Topics the query reads, as the statements name them. */
  readonly topics: readonly string[];
  readonly startingOffsets: StartingOffsets;
}

/** `present`: the topics records are in, of which a topic pattern reads those it matches, as the real source would. */
export function shapeOf(q: CompiledQuery, present: readonly string[] = []): QueryShape {
  const p = q.physical;
  const source = q.analyzed.source;
  const selector = source.kind === 'stream' ? source.topics : { names: [] };
  const topics = 'names' in selector ? [...selector.names] : topicsMatching(selector.pattern, present);
  return {
    id: p.queryId,
    sinkKind: p.target.connector,
    table: p.target.target,
    schema: p.schema,
    mode: p.target.mode,
    key: p.target.key,
    trigger: p.trigger,
    topics,
    startingOffsets: source.kind === 'stream' ? source.startingOffsets : 'earliest',
  };
}

/** The table a query's dead letters go to, as written (DEAD LETTERS INTO), or undefined for the default beside the target. */
export function deadLetterTableOf(q: CompiledQuery): string | undefined {
  return q.physical.routes.deadLetters?.target;
}

/** The table and columns of each FAILED ROWS / LATE ROWS route of a query, as written. */
export function routeTablesOf(q: CompiledQuery): Partial<Record<RouteName, { table: string; schema: Schema }>> {
  const schemas = routeSchemas(q.physical);
  const tables: Partial<Record<RouteName, { table: string; schema: Schema }>> = {};
  for (const name of ['failed', 'late'] as const) {
    const table = q.physical.routes[name]?.target;
    const schema = schemas[name];
    if (table !== undefined && schema !== undefined) tables[name] = { table, schema };
  }
  return tables;
}

/**
 * The file's CREATE TABLE … IN POSTGRES statements, carried out as `k2o run`
 * does before its queries, into the case's schema: the mismatches found (K4024).
 * Tables of other databases are left out: the cases run against PostgreSQL only.
 */
export function createDeclaredTables(result: CompileResult, postgresUrl: string): Promise<Diagnostic[]> {
  const tables = result.tables.filter((t) => t.database === 'postgres');
  return ensureDeclaredTables(tables, { kafkaBrokers: [], urls: { postgres: postgresUrl } });
}
