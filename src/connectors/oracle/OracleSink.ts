import oracledb from 'oracledb';
import type { Row } from '../../core/Schema.js';
import { connectionError } from '../connectionError.js';
import { offsetFence, QueryFencedError } from '../offsetFence.js';
import type { DeadLetterRow, Sink, SinkSpec, SourceOffset } from '../../runtime/ports/Sink.js';
import { resolveSinkTable, type SinkTable, type TableRef } from '../sinkTable.js';
import { assertColumnsFit, assertTableFits, type ExistingColumn } from '../tableCheck.js';
import { createDeadLettersTable, createOffsetsTable, DEAD_LETTER_COLUMNS, createStateTable, createTable, deleteAll, describeTable, ignoringExisting, insertRows, mergeDeadLetters, mergeOffsets, mergeRows, selectOffsets, selectState, mergeState, tableName, type OracleBatch } from './oracleSql.js';
import { formatCatalogType, ORACLE_IDENTIFIERS, ORACLE_TYPES } from './oracleTypes.js';
import { parseOracleUrl, type OracleConnectParams } from './oracleUrl.js';

interface CatalogRow {
  name: string;
  dataType: string;
  precision: number | null;
  scale: number | null;
  dataLength: number;
  nullable: 'Y' | 'N';
  defaultLength: number | null;
}

/**
 * Writes a query's rows, its source offsets, state and dead letters to Oracle
 * Database in one transaction per batch, through node-oracledb in thin mode (pure JavaScript: no
 * Instant Client, so initOracleClient is never called).
 */
export class OracleSink implements Sink {
  private readonly table: SinkTable;
  private readonly connectParams: OracleConnectParams;
  // One connection is all a sink uses; the pool's worth is replacing it after a failure.
  private pool: oracledb.Pool | undefined;

  constructor(
    private readonly url: string,
    private readonly spec: SinkSpec,
  ) {
    this.table = resolveSinkTable(spec, ORACLE_IDENTIFIERS);
    this.connectParams = parseOracleUrl(url);
  }

  async open(): Promise<void> {
    this.pool ??= await oracledb.createPool({ ...this.connectParams, poolMin: 0, poolMax: 1, poolIncrement: 1 });
    await this.withConnection(async (conn) => {
      await conn.execute(ignoringExisting(createTable(this.table)));
      await conn.execute(ignoringExisting(createOffsetsTable(this.table)));
      await conn.execute(ignoringExisting(createStateTable(this.table)));
      await conn.execute(ignoringExisting(createDeadLettersTable(this.table)));
      assertTableFits(this.table, tableName(this.table), await describe(conn, this.table), ORACLE_TYPES);
      // MERGE finds a stored dead letter by its key whether or not the table has
      // that primary key, so an existing table only needs the columns.
      assertColumnsFit(
        `dead-letter table ${tableName(this.table.deadLetters)} exists but does not have k2o's dead-letter columns`,
        DEAD_LETTER_COLUMNS,
        await describe(conn, this.table.deadLetters),
      );
    });
  }

  async readOffsets(): Promise<SourceOffset[]> {
    const query = selectOffsets(this.table, this.spec.queryId);
    const result = await this.withConnection((conn) =>
      conn.execute<[string, number, string]>(query.sql, query.binds),
    );
    return (result.rows ?? []).map(([topic, partition, offset]) => ({ topic, partition, offset }));
  }

  async readState(): Promise<string | undefined> {
    const query = selectState(this.table, this.spec.queryId);
    const result = await this.withConnection((conn) =>
      conn.execute<[string]>(query.sql, query.binds, { fetchInfo: { STATE: { type: oracledb.STRING } } }),
    );
    return result.rows?.[0]?.[0];
  }

  async writeBatch(
    rows: readonly Row[],
    offsets: readonly SourceOffset[],
    state?: string,
    deadLetters: readonly DeadLetterRow[] = [],
  ): Promise<void> {
    const complete = this.table.mode === 'complete';
    if (rows.length === 0 && offsets.length === 0 && state === undefined && deadLetters.length === 0 && !complete) return;
    await this.withConnection(async (conn) => {
      try {
        if (offsets.length > 0) {
          const query = selectOffsets(this.table, this.spec.queryId, { forUpdate: true });
          const stored = await conn.execute<[string, number, string]>(query.sql, query.binds);
          const fence = offsetFence((stored.rows ?? []).map(([topic, partition, offset]) => ({ topic, partition, offset })), offsets);
          if (fence === 'behind') throw new QueryFencedError(this.spec.queryId);
          if (fence === 'committed') {
            await conn.rollback();
            return;
          }
        }
        if (complete) await conn.execute(deleteAll(this.table));
        if (rows.length > 0) {
          const write = this.table.mode === 'update' ? mergeRows : insertRows;
          await executeBatch(conn, write(this.table, rows));
        }
        if (offsets.length > 0) await executeBatch(conn, mergeOffsets(this.table, this.spec.queryId, offsets));
        if (state !== undefined) {
          const merge = mergeState(this.table, this.spec.queryId, state);
          await conn.execute(merge.sql, merge.binds);
        }
        if (deadLetters.length > 0) await executeBatch(conn, mergeDeadLetters(this.table, this.spec.queryId, deadLetters));
        await conn.commit();
      } catch (err) {
        // The original error is the one worth reporting; a failed rollback means the
        // connection is gone, and the server discards the transaction with it.
        await conn.rollback().catch(() => {});
        throw err;
      }
    });
  }

  async close(): Promise<void> {
    await this.pool?.close(10);
    this.pool = undefined;
  }

  /** The connection a batch runs on; tests override it to inject faults around the real one. */
  protected async acquire(): Promise<oracledb.Connection> {
    if (this.pool === undefined) throw new Error('OracleSink: open() must be called before use');
    try {
      return await this.pool.getConnection();
    } catch (err) {
      throw connectionError('Oracle', this.url, err);
    }
  }

  /** Runs `work` on a connection; one that saw an error is dropped rather than reused. */
  private async withConnection<T>(work: (conn: oracledb.Connection) => Promise<T>): Promise<T> {
    const conn = await this.acquire();
    try {
      const result = await work(conn);
      await conn.close();
      return result;
    } catch (err) {
      await conn.close({ drop: true }).catch(() => {});
      throw err;
    }
  }
}

async function describe(conn: oracledb.Connection, table: TableRef): Promise<ExistingColumn[]> {
  const query = describeTable(table);
  const result = await conn.execute<CatalogRow>(query.sql, query.binds, { outFormat: oracledb.OUT_FORMAT_OBJECT });
  return (result.rows ?? []).map(toExisting);
}

async function executeBatch(conn: oracledb.Connection, batch: OracleBatch): Promise<void> {
  await conn.executeMany(batch.sql, batch.binds, {
    bindDefs: batch.bindDefs,
    autoCommit: false,
    batchErrors: false,
  });
}

function toExisting(r: CatalogRow): ExistingColumn {
  return {
    name: r.name,
    type: formatCatalogType(r),
    nullable: r.nullable === 'Y',
    hasDefault: r.defaultLength !== null,
  };
}
