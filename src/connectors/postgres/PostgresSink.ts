import pg from 'pg';
import type { Row } from '../../core/Schema.js';
import { connectionError } from '../connectionError.js';
import { offsetFence, QueryFencedError } from '../offsetFence.js';
import type { DeadLetterRow, Sink, SinkSpec, SourceOffset } from '../../runtime/ports/Sink.js';
import { resolveSinkTable, type SinkTable, type TableRef } from '../sinkTable.js';
import { assertColumnsFit, assertTableFits, type ExistingColumn } from '../tableCheck.js';
import { createDeadLettersTable, createOffsetsTable, DEAD_LETTER_COLUMNS, DEAD_LETTER_KEY, createStateTable, createTable, deleteAll, describeTable, insertDeadLetters, insertRows, selectOffsets, selectState, tableName, uniqueIndexes, upsertOffsets, upsertRows, upsertState } from './postgresSql.js';
import { POSTGRES_IDENTIFIERS, POSTGRES_TYPES } from './postgresTypes.js';

/** Writes a query's rows, its source offsets, state and dead letters to PostgreSQL in one transaction per batch. */
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
      await client.query(createDeadLettersTable(this.table));
      const existing = await client.query<ExistingColumn>(describeTable(this.table));
      assertTableFits(this.table, tableName(this.table), existing.rows, POSTGRES_TYPES);
      if (this.table.mode === 'update') await this.assertKeyIsUnique(client, this.table, this.table.key, 'MODE UPDATE needs to upsert');
      const deadLetters = await client.query<ExistingColumn>(describeTable(this.table.deadLetters));
      const name = tableName(this.table.deadLetters);
      assertColumnsFit(`dead-letter table ${name} exists but does not have k2o's dead-letter columns`, DEAD_LETTER_COLUMNS, deadLetters.rows);
      await this.assertKeyIsUnique(client, this.table.deadLetters, DEAD_LETTER_KEY, 'k2o needs to store each dead letter once');
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

  async writeBatch(
    rows: readonly Row[],
    offsets: readonly SourceOffset[],
    state?: string,
    deadLetters: readonly DeadLetterRow[] = [],
  ): Promise<void> {
    const complete = this.table.mode === 'complete';
    if (rows.length === 0 && offsets.length === 0 && state === undefined && deadLetters.length === 0 && !complete) return;
    await this.withClient(async (client) => {
      await client.query('BEGIN');
      try {
        if (offsets.length > 0) {
          const stored = await client.query<SourceOffset>(selectOffsets(this.table, this.spec.queryId, { forUpdate: true }));
          const fence = offsetFence(stored.rows, offsets);
          if (fence === 'behind') throw new QueryFencedError(this.spec.queryId);
          if (fence === 'committed') {
            await client.query('ROLLBACK');
            return;
          }
        }
        if (complete) await client.query(deleteAll(this.table));
        if (rows.length > 0) {
          const write = this.table.mode === 'update' ? upsertRows : insertRows;
          await client.query(write(this.table, rows));
        }
        if (offsets.length > 0) await client.query(upsertOffsets(this.table, this.spec.queryId, offsets));
        if (state !== undefined) await client.query(upsertState(this.table, this.spec.queryId, state));
        if (deadLetters.length > 0) await client.query(insertDeadLetters(this.table, this.spec.queryId, deadLetters));
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
      throw connectionError('PostgreSQL', this.url, err);
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

  /** ON CONFLICT (key) needs a unique index on exactly those columns. */
  private async assertKeyIsUnique(client: pg.PoolClient, table: TableRef, columns: readonly string[], why: string): Promise<void> {
    const result = await client.query<{ columns: string[] }>(uniqueIndexes(table));
    const key = [...columns].sort().join(',');
    if (!result.rows.some((r) => [...r.columns].sort().join(',') === key)) {
      throw new Error(`table ${tableName(table)} has no primary key or unique index on (${columns.join(', ')}), which ${why}`);
    }
  }
}
