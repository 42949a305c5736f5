import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compile } from '../../src/compile.js';
import type { SourceRecord } from '../../src/runtime/ports/Source.js';
import { diffRows, FLOAT_TOLERANCE, type PlainRow } from '../cases/support/compareRows.js';
import { runQuery, shapeOf } from '../cases/support/k2oRuntime.js';
import { MemorySource } from '../cases/support/MemorySource.js';
import { CaptureSink } from './CaptureSink.js';
import { expectedLateness } from './expectedLateness.js';
import { generateQuery } from './generateQuery.js';
import { generateStream, type GeneratedStream } from './generateStream.js';
import { Random } from './random.js';

/**
 * k2o against an independent engine: for each seed, a generated stream and query;
 * DuckDB computes the result over the same records (late ones, by the documented
 * watermark rule computed in expectedLateness, left out of windowed queries), and
 * k2o's result (in-memory source, the rows its sink port receives with the mode
 * applied) must be the same multiset of rows, floats equal within FLOAT_TOLERANCE
 * (relative). K2O_DIFF_SEED=n reruns one seed; K2O_DIFF_CASES sets how many.
 */
const single = process.env['K2O_DIFF_SEED'];
const count = Number(process.env['K2O_DIFF_CASES'] ?? 300);
const seeds = single !== undefined ? [Number(single)] : Array.from({ length: count }, (_, i) => i + 1);
const TOPIC = 'gen';
const STREAM_DDL = (delay: number) =>
  `CREATE STREAM gen (k STRING, v DOUBLE, ts TIMESTAMP NOT NULL, WATERMARK FOR ts AS ts - INTERVAL '${delay}' SECOND);`;

function sourceRecords(stream: GeneratedStream): SourceRecord[][] {
  const next = new Map<number, number>();
  return stream.batches.map((b) =>
    b.map((r) => {
      const offset = next.get(r.partition) ?? 0;
      next.set(r.partition, offset + 1);
      return {
        topic: TOPIC,
        partition: r.partition,
        offset: String(offset),
        timestamp: r.ts,
        key: null,
        value: Buffer.from(JSON.stringify({ k: r.k, v: r.v, ts: r.ts })),
      };
    }),
  );
}

async function reference(db: DuckDBConnection, stream: GeneratedStream, sql: string, windowMs: number | undefined): Promise<PlainRow[]> {
  const { late, watermark } = expectedLateness(stream, windowMs ?? 1);
  const values = stream.batches.flatMap((b, i) =>
    b.map((r, j) => `(${r.k === null ? 'NULL' : `'${r.k}'`}, ${r.v ?? 'NULL'}, ${r.ts}, ${windowMs ? late[i]![j] : false})`),
  );
  await db.run('CREATE OR REPLACE TABLE input (k VARCHAR, v DOUBLE, ts BIGINT, late BOOLEAN)');
  if (values.length > 0) await db.run(`INSERT INTO input VALUES ${values.join(', ')}`);
  const result = await db.runAndReadAll(sql.replace('$watermark', String(Number.isFinite(watermark) ? watermark : -1e18)));
  return result
    .getRowObjectsJS()
    .map((row) => Object.fromEntries(Object.entries(row).map(([c, v]) => [c, typeof v === 'bigint' ? Number(v) : v])));
}

describe(`differential check against DuckDB (${seeds.length} generated cases, float tolerance ${FLOAT_TOLERANCE} relative)`, () => {
  let instance: DuckDBInstance;
  let db: DuckDBConnection;
  beforeAll(async () => {
    instance = await DuckDBInstance.create(':memory:');
    db = await instance.connect();
  });
  afterAll(() => {
    db.closeSync();
    instance.closeSync();
  });

  it('k2o and DuckDB agree on every generated stream and query', async () => {
    const figures = { rows: 0, records: 0, late: 0, windowed: 0 };
    for (const seed of seeds) {
      const r = new Random(seed);
      const stream = generateStream(r);
      const query = generateQuery(r, TOPIC);
      const text = `${STREAM_DDL(stream.delaySeconds)}\n${query.ksql}`;
      const compiled = compile(text);
      const errors = compiled.diagnostics.filter((d) => d.severity === 'error');
      expect(errors, `seed ${seed}: ${text}`).toEqual([]);
      const q = compiled.queries[0]!;
      const shape = shapeOf(q);
      const sink = new CaptureSink(
        shape.mode,
        shape.key.map((k) => shape.schema.findIndex((c) => c.name === k)),
      );
      const stop = new AbortController();
      const partitions = Array.from({ length: stream.partitions }, (_, partition) => ({ topic: TOPIC, partition }));
      await runQuery(q, {
        source: new MemorySource(sourceRecords(stream), partitions, 'earliest', () => stop.abort()),
        sink,
        signal: stop.signal,
      });
      const actual = sink.rows().map((row) => Object.fromEntries(shape.schema.map((c, i) => [c.name, row[i] ?? null])));
      const expected = await reference(db, stream, query.duckdb, query.windowMs);
      figures.rows += expected.length;
      figures.records += stream.batches.flat().length;
      if (query.windowMs) {
        figures.windowed++;
        figures.late += expectedLateness(stream, query.windowMs).late.flat().filter(Boolean).length;
      }
      const { missing, unexpected } = diffRows(expected, actual, false);
      if (missing.length > 0 || unexpected.length > 0) {
        const show = (rows: PlainRow[]) =>
          rows
            .slice(0, 5)
            .map((x) => `  ${JSON.stringify(x)}`)
            .join('\n');
        throw new Error(
          `seed ${seed} (rerun: K2O_DIFF_SEED=${seed}): k2o and DuckDB differ\n${text}\nDuckDB: ${query.duckdb}\n` +
            `expected by DuckDB, not written by k2o:\n${show(missing)}\nwritten by k2o, not expected:\n${show(unexpected)}`,
        );
      }
    }
    console.log(
      `differential: ${seeds.length} cases, ${figures.records} records, ${figures.rows} result rows compared; ${figures.windowed} windowed, with ${figures.late} late records left out`,
    );
  });
});
