import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import pg from 'pg';
import { compile, type CompiledQuery } from '../../../src/compile.js';
import type { Diagnostic } from '../../../src/compiler/diagnostics/Diagnostic.js';
import { createKafka } from '../../../src/connectors/kafka/kafkaClient.js';
import { produceJson } from '../../../src/connectors/kafka/produceJson.js';
import { ensureTopic } from '../../../src/connectors/kafka/topics.js';
import type { RouteName } from '../../../src/core/specs.js';
import type { Schema } from '../../../src/core/Schema.js';
import type { DeadLetterRow, Sink } from '../../../src/runtime/ports/Sink.js';
import type { Source, SourceRecord } from '../../../src/runtime/ports/Source.js';
import { partitionsOf, segmentsOf, sourceBatches, type CaseFile } from './caseFile.js';
import { normalizeRow, type PlainRow } from './compareRows.js';
import {
  consoleSinkFor,
  createDeclaredTables,
  deadLetterTableOf,
  gapsOf,
  kafkaSourceFor,
  postgresSinkFor,
  readsTable,
  runBatchQuery,
  routeTablesOf,
  runQuery,
  shapeOf,
  type QueryShape,
} from './k2oRuntime.js';
import { MemorySource } from './MemorySource.js';

export interface CaseEnv {
  readonly postgresUrl: string;
  readonly brokers: readonly string[];
  /** A connection for creating, reading and dropping each case's schema. */
  readonly db: pg.Client;
}

export interface StoredDeadLetter {
  readonly partition: number;
  readonly offset: number;
  readonly reason: string;
}

export interface QueryOutcome {
  readonly shape: QueryShape;
  readonly rows: PlainRow[];
  readonly deadLetters: StoredDeadLetter[];
  readonly lateRows: number;
  readonly failure?: string;
  /** The rows of each route's table, when the query has the route. */
  readonly routes: Partial<Record<RouteName, PlainRow[]>>;
}

export interface CaseOutcome {
  readonly diagnostics: readonly Diagnostic[];
  /** Empty when a diagnostic stopped the file from running. */
  readonly queries: readonly QueryOutcome[];
}

export type Transport = 'memory' | 'kafka';

/**
 * Runs a case as `k2o run` would run its file: compile, refuse what cannot run,
 * then each query through the real operators into its real sink, one runner per
 * segment between restart points. Each case gets a PostgreSQL schema of its own
 * (the sink's connection searches only it), so the statements keep their table names.
 */
export async function runCase(c: CaseFile, env: CaseEnv, transport: Transport): Promise<CaseOutcome> {
  const compiled = compile(c.statements);
  const runnable = compiled.queries.filter((q) => !q.explain);
  const diagnostics = [...compiled.diagnostics, ...runnable.flatMap(gapsOf)];
  if (diagnostics.some((d) => d.severity === 'error') || runnable.length === 0) return { diagnostics, queries: [] };

  const schema = `k2o_case_${randomBytes(5).toString('hex')}`;
  const postgresUrl = withSearchPath(env.postgresUrl, schema);
  await env.db.query(`CREATE SCHEMA ${schema}`);
  try {
    if (c.setup) await env.db.query(`SET search_path TO ${schema};\n${c.setup};\nRESET search_path`);
    const mismatches = await createDeclaredTables(compiled, postgresUrl);
    if (mismatches.length > 0) return { diagnostics: [...diagnostics, ...mismatches], queries: [] };
    const defaultTopic = shapeOf(runnable[0]!).topics[0] ?? 'input';
    const all = sourceBatches(c, defaultTopic);
    const runs = runnable.map((q) => new QueryRun(q, all, c, postgresUrl));
    const kafka = transport === 'kafka' ? await realTopics(c, all, runnable, env) : undefined;
    let from = 0;
    for (const end of segmentsOf(c)) {
      if (kafka) await kafka.produce(all.slice(from, end).flat());
      for (const r of runs)
        await r.segment(
          end,
          from,
          kafka && ((topics) => kafkaSourceFor(r.q, env.brokers, topics.map(kafka.name), `k2o-case-${schema}-${r.shape.id}`)),
        );
      from = end;
    }
    const queries: QueryOutcome[] = [];
    for (const r of runs) queries.push(await r.outcome(env.db, schema));
    return { diagnostics, queries };
  } finally {
    await env.db.query(`DROP SCHEMA ${schema} CASCADE`);
  }
}

/** One query of a case across its segments. */
class QueryRun {
  readonly shape: QueryShape;
  private readonly batches: SourceRecord[][];
  private readonly console: { rows: PlainRow[]; deadLetters: DeadLetterRow[]; sink: Sink } | undefined;
  private lateRows = 0;
  private failure: string | undefined;

  constructor(
    readonly q: CompiledQuery,
    all: readonly SourceRecord[][],
    private readonly c: CaseFile,
    private readonly postgresUrl: string,
  ) {
    this.shape = shapeOf(q, [...new Set(all.flat().map((r) => r.topic))]);
    const topics = new Set(this.shape.topics);
    this.batches = all.map((b) => b.filter((r) => topics.has(r.topic)));
    this.console = this.shape.sinkKind === 'console' ? capturingConsole(q, this.shape) : undefined;
  }

  /** Runs batches [from, end) in a new runner; a failure ends the query's run for good, as in `k2o run`. */
  async segment(end: number, from: number, realSource: ((topics: readonly string[]) => Source) | undefined): Promise<void> {
    if (this.failure !== undefined) return;
    if (readsTable(this.q)) {
      if (from > 0) return;
      try {
        await runBatchQuery(this.q, this.postgresUrl, this.console?.sink);
      } catch (e) {
        this.failure = (e as Error).message;
      }
      return;
    }
    const stop = new AbortController();
    const expected = this.batches.slice(from, end).flat().length;
    const source = realSource
      ? realSource(this.shape.topics)
      : new MemorySource(
          this.batches.slice(0, end),
          partitionsOf(this.c, this.batches, this.shape.topics),
          this.shape.startingOffsets,
          () => stop.abort(),
        );
    try {
      const sink = this.console?.sink ?? (await postgresSinkFor(this.q, this.postgresUrl));
      const metrics = await runQuery(this.q, {
        source,
        sink,
        signal: stop.signal,
        // A real topic never runs dry: an unbounded trigger is stopped once the segment's records are in.
        onBatch: (m) => realSource && m.recordsIn >= expected && stop.abort(),
      });
      this.lateRows += metrics.lateRows;
    } catch (e) {
      this.failure = (e as Error).message;
    }
  }

  async outcome(db: pg.Client, schema: string): Promise<QueryOutcome> {
    const base = { shape: this.shape, lateRows: this.lateRows, ...(this.failure !== undefined && { failure: this.failure }) };
    if (this.console) {
      return {
        ...base,
        routes: {},
        rows: this.console.rows,
        deadLetters: this.console.deadLetters.map((d) => ({ partition: d.partition, offset: Number(d.offset), reason: d.reason })),
      };
    }
    const rows = await tableRows(db, `${schema}.${(this.shape.table ?? '').toLowerCase()}`, this.shape.schema);
    const dlTable = `${schema}.${(deadLetterTableOf(this.q) ?? 'k2o_dead_letters').toLowerCase()}`;
    const routes: Partial<Record<RouteName, PlainRow[]>> = {};
    for (const [name, r] of Object.entries(routeTablesOf(this.q)) as [RouteName, { table: string; schema: Schema }][])
      routes[name] = await tableRows(db, `${schema}.${r.table.toLowerCase()}`, r.schema);
    const deadLetters = (await exists(db, dlTable))
      ? (
          await db.query<StoredDeadLetter>(
            `SELECT partition, record_offset::int AS offset, reason FROM ${dlTable} WHERE query_id = $1 ORDER BY partition, record_offset`,
            [this.shape.id],
          )
        ).rows
      : [];
    return { ...base, rows, deadLetters, routes };
  }
}

/** A table's rows as plain objects (none when it does not exist), typed by `columns`. */
async function tableRows(db: pg.Client, table: string, columns: Schema): Promise<PlainRow[]> {
  if (!(await exists(db, table))) return [];
  // NUMERIC as text: JSON numbers would pass through a double and hide an inexact decimal.
  const select = columns.map((c) => `"${c.name.toLowerCase()}"${c.type.kind === 'DECIMAL' ? `::text AS "${c.name.toLowerCase()}"` : ''}`);
  const text = `SELECT row_to_json(k2o_case_row) AS r FROM (SELECT ${select.join(', ')} FROM ${table}) k2o_case_row`;
  return (await db.query<{ r: PlainRow }>(text)).rows.map((x) => normalizeRow(x.r, columns));
}

/** The real console sink, printing nowhere, with what it was given kept for the comparison. */
function capturingConsole(q: CompiledQuery, shape: QueryShape) {
  const nowhere = () => new Writable({ write: (_c, _e, done) => done() });
  const real = consoleSinkFor(q, nowhere(), nowhere());
  const captured = { rows: [] as PlainRow[], deadLetters: [] as DeadLetterRow[] };
  const sink: Sink = {
    open: () => real.open(),
    readOffsets: () => real.readOffsets(),
    readState: () => real.readState(),
    close: () => real.close(),
    writeBatch: async (rows, offsets, state, deadLetters = []) => {
      await real.writeBatch(rows, offsets, state, deadLetters);
      for (const r of rows)
        captured.rows.push(normalizeRow(Object.fromEntries(shape.schema.map((col, i) => [col.name, r[i]])), shape.schema));
      captured.deadLetters.push(...deadLetters);
    },
  };
  return { ...captured, sink };
}

/** Fresh topics on the real broker standing for the case's topics; records are produced segment by segment. */
async function realTopics(c: CaseFile, all: readonly SourceRecord[][], queries: readonly CompiledQuery[], env: CaseEnv) {
  const suffix = `${Date.now()}_${randomBytes(3).toString('hex')}`;
  const name = (t: string) => `${t}_${suffix}`;
  const kafka = createKafka([...env.brokers], `k2o-cases-${suffix}`);
  const topics = [...new Set(queries.flatMap((q) => shapeOf(q).topics))];
  for (const p of countPartitions(partitionsOf(c, all, topics))) await ensureTopic(kafka, name(p.topic), p.count);
  return {
    name,
    produce: async (records: readonly SourceRecord[]) => {
      for (const t of new Set(records.map((r) => r.topic))) {
        const mine = records.filter((r) => r.topic === t);
        await produceJson(
          kafka,
          name(t),
          mine.map((r) => ({
            value: r.value,
            partition: r.partition,
            timestamp: r.timestamp,
            ...(r.key && { key: r.key }),
            ...(r.headers && { headers: r.headers as Readonly<Record<string, string | readonly string[]>> }),
          })),
        );
      }
    },
  };
}

function countPartitions(ps: readonly { topic: string; partition: number }[]): { topic: string; count: number }[] {
  const n = new Map<string, number>();
  for (const p of ps) n.set(p.topic, Math.max(n.get(p.topic) ?? 0, p.partition + 1));
  return [...n].map(([topic, count]) => ({ topic, count }));
}

async function exists(db: pg.Client, table: string): Promise<boolean> {
  return (await db.query<{ t: string | null }>('SELECT to_regclass($1) AS t', [table])).rows[0]?.t != null;
}

function withSearchPath(url: string, schema: string): string {
  const u = new URL(url);
  u.searchParams.set('options', `-c search_path=${schema}`);
  return u.toString();
}
