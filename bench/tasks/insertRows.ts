import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { compile } from '../../src/compile.js';
import { POSTGRES_DIALECT } from '../../src/connectors/postgres/postgresDialect.js';
import { PostgresSessions } from '../../src/connectors/postgres/postgresSession.js';
import { copyRows, createTable, insertRows, tableName } from '../../src/connectors/postgres/postgresSql.js';
import { POSTGRES_IDENTIFIERS } from '../../src/connectors/postgres/postgresTypes.js';
import { quote, resolveSinkTable, type SinkTable } from '../../src/connectors/relational/sinkTable.js';
import { TransactionalSink } from '../../src/connectors/relational/TransactionalSink.js';
import type { SinkSpec, SourceOffset } from '../../src/runtime/ports/Sink.js';
import type { Row } from '../../src/core/Schema.js';
import type { TaskChannel } from '../child/tasks.js';
import { s1Rows } from '../data/benchRows.js';
import { INSERT_ONLY_DIALECT } from './insertOnlyPostgres.js';

export type InsertMethod = 'copy' | 'copy-binary' | 'multirow' | 'unnest' | 'sink' | 'sink-insert';

export interface InsertParams {
  readonly postgresUrl: string;
  readonly method: InsertMethod;
  readonly table: string;
  /** The query whose sink table shape is written (S1's), so the limit fits the scenario. */
  readonly query: string;
  readonly rows: number;
  readonly batchRows: number;
}

export interface InsertValue {
  readonly rows: number;
  readonly seconds: number;
  readonly rate: number;
}

const COPY_CHUNK_ROWS = 1_000;
/** PostgreSQL's limit on bind parameters per statement. */
const MAX_PARAMS = 65_535;

/**
 * The sink side of the ceiling: `rows` rows of S1's output shape, a transaction
 * per batch of `batchRows` (as a micro-batch commits), written by
 *   copy      COPY … FROM STDIN (text format) through pg-copy-streams
 *   copy-binary  COPY … FROM STDIN (FORMAT binary), the sink's encoding (copyRows) without the sink
 *   multirow  INSERT … VALUES (…), (…) chunked under the parameter limit
 *   unnest    the statement the PostgreSQL sink uses: one INSERT … SELECT FROM unnest($1, …)
 *   sink      the PostgreSQL sink's writeBatch itself: COPY + offsets + state
 *   sink-insert  the same with the sink's rows by the unnest insert, as before COPY
 */
export async function run(p: InsertParams, _channel: TaskChannel): Promise<InsertValue> {
  const q = compile(p.query).queries[0];
  if (!q) throw new Error('insertRows: the query does not compile');
  const spec: SinkSpec = { table: p.table, schema: q.physical.schema, mode: 'append', key: [], queryId: `bench_${p.table}` };
  const table = resolveSinkTable(spec, POSTGRES_IDENTIFIERS);
  const rows = s1Rows(p.rows);
  const db = new pg.Client({ connectionString: p.postgresUrl });
  await db.connect();
  try {
    await db.query(`DROP TABLE IF EXISTS ${tableName(table)}`);
    await db.query(`DELETE FROM k2o_offsets WHERE query_id = $1`, [spec.queryId]).catch(() => undefined);
    await db.query(createTable(table));
    const started = performance.now();
    if (p.method === 'sink' || p.method === 'sink-insert') await writeWithSink(p, spec, rows);
    else {
      for (let i = 0; i < rows.length; i += p.batchRows) {
        const batch = rows.slice(i, i + p.batchRows);
        await db.query('BEGIN');
        if (p.method === 'copy') await copyBatch(db, table, batch);
        else if (p.method === 'copy-binary') {
          const copy = copyRows(table, batch)!;
          await pipeline(Readable.from(copy.data), db.query(copyFrom(copy.copy)));
        } else if (p.method === 'multirow') await multiRowBatch(db, table, batch);
        else await db.query(insertRows(table, batch));
        await db.query('COMMIT');
      }
    }
    const seconds = (performance.now() - started) / 1000;
    const count = Number((await db.query<{ n: string }>(`SELECT count(*) AS n FROM ${tableName(table)}`)).rows[0]!.n);
    if (count !== rows.length) throw new Error(`insertRows ${p.method}: ${count} rows in the table, expected ${rows.length}`);
    await db.query(`DROP TABLE ${tableName(table)}`);
    return { rows: rows.length, seconds, rate: rows.length / seconds };
  } finally {
    await db.end();
  }
}

async function writeWithSink(p: InsertParams, spec: SinkSpec, rows: readonly Row[]): Promise<void> {
  const dialect = p.method === 'sink-insert' ? INSERT_ONLY_DIALECT : POSTGRES_DIALECT;
  const sink = new TransactionalSink(spec, dialect, new PostgresSessions(p.postgresUrl));
  await sink.open();
  try {
    for (let i = 0; i < rows.length; i += p.batchRows) {
      const offsets: SourceOffset[] = Array.from({ length: 6 }, (_, partition) => ({ topic: 'bench', partition, offset: String(i) }));
      const state = { header: JSON.stringify({ format: 3, watermark: null, operators: [] }), put: [], deleted: [] };
      await sink.writeBatch(rows.slice(i, i + p.batchRows), offsets, state);
    }
  } finally {
    await sink.close();
    const db = new pg.Client({ connectionString: p.postgresUrl });
    await db.connect();
    await db.query('DELETE FROM k2o_offsets WHERE query_id = $1', [spec.queryId]);
    await db.query('DELETE FROM k2o_state WHERE query_id = $1', [spec.queryId]);
    await db.end();
  }
}

async function copyBatch(db: pg.Client, t: SinkTable, rows: readonly Row[]): Promise<void> {
  const timestamps = t.columns.map((c) => c.type.kind === 'TIMESTAMP');
  // A chunk of many rows per write: a stream write per row costs more than the COPY itself.
  const lines = function* (): Generator<string> {
    for (let i = 0; i < rows.length; i += COPY_CHUNK_ROWS) {
      yield rows
        .slice(i, i + COPY_CHUNK_ROWS)
        .map((row) => `${row.map((v, c) => copyText(v, timestamps[c]!)).join('\t')}\n`)
        .join('');
    }
  };
  const copy = db.query(copyFrom(`COPY ${tableName(t)} (${t.columns.map((c) => quote(c.name)).join(', ')}) FROM STDIN`));
  await pipeline(Readable.from(lines()), copy);
}

/** COPY's text format: \N is NULL; backslash, tab and line breaks are escaped. */
function copyText(v: unknown, timestamp: boolean): string {
  if (v === null || v === undefined) return '\\N';
  if (timestamp) return new Date(v as number).toISOString();
  return String(v).replace(/[\\\t\n\r]/g, (c) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[c]!);
}

async function multiRowBatch(db: pg.Client, t: SinkTable, rows: readonly Row[]): Promise<void> {
  const width = t.columns.length;
  const timestamps = t.columns.map((c) => c.type.kind === 'TIMESTAMP');
  const perStatement = Math.floor(MAX_PARAMS / width);
  const head = `INSERT INTO ${tableName(t)} (${t.columns.map((c) => quote(c.name)).join(', ')}) VALUES `;
  for (let start = 0; start < rows.length; start += perStatement) {
    const chunk = rows.slice(start, start + perStatement);
    const values: unknown[] = [];
    const tuples = chunk.map((row, r) => {
      row.forEach((v, i) => values.push(timestamps[i] ? new Date(v as number).toISOString() : v));
      return `(${Array.from({ length: width }, (_, i) => `$${r * width + i + 1}`).join(', ')})`;
    });
    await db.query(head + tuples.join(', '), values);
  }
}
