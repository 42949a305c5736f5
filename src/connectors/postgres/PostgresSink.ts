import pg from 'pg';
import type { Row } from '../../runtime/Row.js';
import { maskUrl } from '../maskUrl.js';
import type { Sink, SinkSpec, SourceOffset } from '../Sink.js';
import { resolveSinkTable, type SinkTable } from '../sinkTable.js';
import { assertTableFits, type ExistingColumn } from '../tableCheck.js';
import {
  createOffsetsTable,
  createStateTable,
  createTable,
  deleteAll,
  describeTable,
  insertRows,
  selectOffsets,
  selectState,
  tableName,
  uniqueIndexes,
  upsertOffsets,
  upsertRows,
  upsertState,
} from './postgresSql.js';
import { POSTGRES_IDENTIFIERS, POSTGRES_TYPES } from './postgresTypes.js';

/** Writes a query's rows and its source offsets to PostgreSQL in one transaction per batch. */
export class PostgresSink implements Sink {
  private readonly table: SinkTable;
  // One connection is all a sink uses; the pool's worth is replacing it after a failure.
  private readonly pool: pg.Pool;

  constructor(
    private readonly url: string,
    private readonly spec: SinkSpec,
  ) {
    this.table = resolveSinkTable(spec, POSTGRES_IDENTIFIERS);
    this.pool = new pg.Pool({ connectionString: url, max: 1 });
    // An idle connection dropped by the server must not crash the process; the
    // next batch gets a fresh connection or reports the outage itself.
    this.pool.on('error', () => {});
  }

  async open(): Promise<void> {
    await this.withClient(async (client) => {
      await client.query(createTable(this.table));
      await client.query(createOffsetsTable(this.table));
      await client.query(createStateTable(this.table));
      const existing = await client.query<ExistingColumn>(describeTable(this.table));
      assertTableFits(this.table, tableName(this.table), existing.rows, POSTGRES_TYPES);
      if (this.table.mode === 'update') await this.assertKeyIsUnique(client);
    });
  }

  async readOffsets(): Promise<SourceOffset[]> {
    const result = await this.withClient((client) =>
      client.query<SourceOffset>(selectOffsets(this.table, this.spec.queryId)),
    );
    return result.rows.map((r) => ({ topic: r.topic, partition: r.partition, offset: r.offset }));
  }

  async readState(): Promise<string | undefined> {
    const result = await this.withClient((client) => client.query<{ state: string }>(selectState(this.table, this.spec.queryId)));
    return result.rows[0]?.state;
  }

  async writeBatch(rows: readonly Row[], offsets: readonly SourceOffset[], state?: string): Promise<void> {
    const complete = this.table.mode === 'complete';
    if (rows.length === 0 && offsets.length === 0 && state === undefined && !complete) return;
    await this.withClient(async (client) => {
      await client.query('BEGIN');
      try {
        if (complete) await client.query(deleteAll(this.table));
        if (rows.length > 0) {
          const write = this.table.mode === 'update' ? upsertRows : insertRows;
          await client.query(write(this.table, rows));
        }
        if (offsets.length > 0) await client.query(upsertOffsets(this.table, this.spec.queryId, offsets));
        if (state !== undefined) await client.query(upsertState(this.table, this.spec.queryId, state));
        await client.query('COMMIT');
      } catch (err) {
        // The original error is the one worth reporting; a failed ROLLBACK means the
        // connection is gone, and the server discards the transaction with it.
        await client.query('ROLLBACK').catch(() => {});
        throw err;
      }
    });
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  /** The connection a batch runs on; tests override it to inject faults around the real one. */
  protected async connect(): Promise<pg.PoolClient> {
    try {
      return await this.pool.connect();
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      throw new Error(`cannot connect to PostgreSQL at ${maskUrl(this.url)}: ${reason}`, { cause: err });
    }
  }

  /** Runs `work` on a connection; one that saw an error is discarded rather than reused. */
  private async withClient<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.connect();
    try {
      const result = await work(client);
      client.release();
      return result;
    } catch (err) {
      client.release(true);
      throw err;
    }
  }

  private async assertKeyIsUnique(client: pg.PoolClient): Promise<void> {
    const result = await client.query<{ columns: string[] }>(uniqueIndexes(this.table));
    const key = [...this.table.key].sort().join(',');
    if (!result.rows.some((r) => [...r.columns].sort().join(',') === key)) {
      throw new Error(
        `table ${tableName(this.table)} has no primary key or unique index on (${this.table.key.join(', ')}), which MODE UPDATE needs to upsert`,
      );
    }
  }
}
