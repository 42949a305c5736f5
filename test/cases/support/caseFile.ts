import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { SourceRecord } from '../../../src/runtime/ports/Source.js';
import { partitionKey } from '../../../src/runtime/ports/partitionKey.js';
import type { TopicPartition } from './MemorySource.js';

/** One input record of a case. Absent fields take the defaults below. */
export interface CaseRecord {
  /** Default: the case's only topic. */
  readonly topic?: string;
  readonly partition?: number;
  readonly key?: string | null;
  /** JSON value (an object, usually); `null` is a tombstone. */
  readonly value?: unknown;
  /** Raw value text instead of `value`, for records that are not JSON. */
  readonly raw?: string;
  /** Kafka timestamp, epoch ms or ISO text. Default 2024-01-01T00:00:00Z. */
  readonly timestamp?: number | string;
  /** Record headers: a name with one value, or with several (sent in order). */
  readonly headers?: Readonly<Record<string, string | readonly string[]>>;
}

export interface CaseBatch {
  readonly records: readonly CaseRecord[];
  /** Stop the runner after this batch and start a new one on the same sink. */
  readonly restart?: boolean;
}

/** What one query must have produced after the run. */
export interface QueryExpectation {
  /** The sink's contents: the table's rows, or every row the console printed. */
  readonly rows?: readonly Record<string, unknown>[];
  /** Compare rows in order (console output, or ORDER-sensitive cases); default: as a multiset. */
  readonly ordered?: boolean;
  /** Columns whose values are not compared (processing time, …). */
  readonly ignore?: readonly string[];
  readonly lateRows?: number;
  /** Dead letters stored for the query: partition, offset and a part of the reason. */
  readonly deadLetters?: readonly { readonly partition?: number; readonly offset: number; readonly reason: string }[];
  /** The run fails with a message matching this regular expression. */
  readonly failure?: string;
  /** The rows of the query's FAILED ROWS INTO table, as a multiset. */
  readonly failedRows?: readonly Record<string, unknown>[];
  /** The rows of the query's LATE ROWS INTO table, as a multiset. */
  readonly routedLateRows?: readonly Record<string, unknown>[];
}

export interface CaseExpectation extends QueryExpectation {
  /** A compile diagnostic (error) with this code; nothing runs. K4014 is checked as `k2o run` does. */
  readonly error?: string;
  /** A warning with this code, besides whatever else is expected. */
  readonly warning?: string;
  /** Per query id, for files with several queries. */
  readonly queries?: Readonly<Record<string, QueryExpectation>>;
}

export interface CaseFile {
  readonly description: string;
  readonly statements: string;
  /** Partitions per topic; default: each topic the records name, with partitions up to the highest used. */
  readonly topics?: Readonly<Record<string, number>>;
  readonly records?: readonly CaseRecord[];
  readonly batches?: readonly CaseBatch[];
  /** Also run through the real Kafka broker. */
  readonly real?: boolean;
  /** PostgreSQL statements run in the case's schema before its queries: the tables batch queries read, a table that exists already. */
  readonly setup?: string;
  /** The expectation is right and k2o is not yet: the case is skipped, with this reason. */
  readonly pending?: string;
  readonly expect: CaseExpectation;
}

const CASE_KEYS = new Set(['description', 'statements', 'topics', 'records', 'batches', 'real', 'setup', 'pending', 'expect']);
const EXPECT_KEYS = new Set([
  'rows',
  'ordered',
  'ignore',
  'lateRows',
  'deadLetters',
  'failure',
  'failedRows',
  'routedLateRows',
  'error',
  'warning',
  'queries',
]);
const RECORD_KEYS = new Set(['topic', 'partition', 'key', 'value', 'raw', 'timestamp', 'headers']);
const DEFAULT_TIMESTAMP = Date.UTC(2024, 0, 1);

/** Reads and checks a case file: a misspelt field is an error, not an expectation silently ignored. */
export function readCase(path: string): CaseFile {
  const c = parse(readFileSync(path, 'utf8')) as CaseFile;
  const bad = (what: string) => new Error(`${path}: ${what}`);
  for (const k of Object.keys(c ?? {})) if (!CASE_KEYS.has(k)) throw bad(`unknown field '${k}'`);
  if (typeof c.description !== 'string' || typeof c.statements !== 'string' || typeof c.expect !== 'object') {
    throw bad('needs description, statements and expect');
  }
  if (c.records && c.batches) throw bad('give records (one batch) or batches, not both');
  const expects = [c.expect, ...Object.values(c.expect.queries ?? {})];
  for (const e of expects) for (const k of Object.keys(e)) if (!EXPECT_KEYS.has(k)) throw bad(`unknown expect field '${k}'`);
  for (const b of batchesOf(c)) {
    for (const r of b.records) for (const k of Object.keys(r)) if (!RECORD_KEYS.has(k)) throw bad(`unknown record field '${k}'`);
  }
  return c;
}

export function batchesOf(c: CaseFile): readonly CaseBatch[] {
  return c.batches ?? (c.records ? [{ records: c.records }] : []);
}

/** The case's batches as source records, offsets numbered per partition in batch order. */
export function sourceBatches(c: CaseFile, defaultTopic: string): SourceRecord[][] {
  const next = new Map<string, number>();
  return batchesOf(c).map((b) =>
    b.records.map((r) => {
      const topic = r.topic ?? defaultTopic;
      const partition = r.partition ?? 0;
      const k = partitionKey(topic, partition);
      const offset = next.get(k) ?? 0;
      next.set(k, offset + 1);
      const value = r.raw !== undefined ? Buffer.from(r.raw) : r.value === null ? null : Buffer.from(JSON.stringify(r.value ?? {}));
      const timestamp = typeof r.timestamp === 'string' ? Date.parse(r.timestamp) : (r.timestamp ?? DEFAULT_TIMESTAMP);
      const key = r.key == null ? null : Buffer.from(r.key);
      return { topic, partition, offset: String(offset), timestamp, key, value, ...(r.headers && { headers: r.headers }) };
    }),
  );
}

/** Every partition of the case's topics. */
export function partitionsOf(c: CaseFile, batches: readonly SourceRecord[][], topics: readonly string[]): TopicPartition[] {
  const count = new Map<string, number>(topics.map((t) => [t, 1]));
  for (const r of batches.flat()) count.set(r.topic, Math.max(count.get(r.topic) ?? 1, r.partition + 1));
  for (const [t, n] of Object.entries(c.topics ?? {})) count.set(t, n);
  return [...count].flatMap(([topic, n]) => Array.from({ length: n }, (_, partition) => ({ topic, partition })));
}

/** Batches cut at the restart points: each segment is one runner's life. */
export function segmentsOf(c: CaseFile): number[] {
  const ends: number[] = [];
  batchesOf(c).forEach((b, i) => b.restart && ends.push(i + 1));
  const total = batchesOf(c).length;
  if (ends[ends.length - 1] !== total) ends.push(total);
  return ends;
}
