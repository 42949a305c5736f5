import { creatingTables } from './creatingTables.js';
import type { Row } from '../../core/Schema.js';
import type { RouteName } from '../../core/specs.js';
import type { DeadLetterRow, RoutedRows, Sink, SinkSpec, SourceOffset, WrittenBatch } from '../../runtime/ports/Sink.js';
import type { StateCommit, StoredState } from '../../runtime/ports/StateEntries.js';
import { BatchFencedError } from '../../runtime/ports/BatchFencedError.js';
import { offsetFence, QueryFencedError } from './offsetFence.js';
import type { SqlDialect, SqlRead } from './SqlDialect.js';
import type { RowRefusal, SqlSession, SqlSessions } from './SqlSession.js';
import { nullableKeyColumns, resolveSinkTable, type SinkTable, type TableRef } from './sinkTable.js';
import { keyIndexProblem } from './uniqueKeyCheck.js';
import { lastPerKey } from './lastPerKey.js';
import { QueryLease } from './QueryLease.js';
import { refusedRow } from './refusedRow.js';
import { assertColumnsFit, assertTableFits } from './tableCheck.js';
import { UNRECOGNISED_ERROR_ATTEMPTS } from '../../runtime/retry.js';
import { resolveRouteTables } from './routeTables.js';

/**
 * The one exactly-once sink of every relational database (DESIGN §3): each batch's
 * rows, source offsets, operator state, dead letters and the rows of its routes
 * (FAILED ROWS, LATE ROWS) commit in one transaction,
 * fenced on the stored offsets. The dialect says what to run, the sessions run it.
 */
export class TransactionalSink<Statement, Bulk> implements Sink {
  private table: SinkTable;
  private readonly routes: ReadonlyMap<RouteName, SinkTable>;

  private readonly lease: QueryLease<Statement, Bulk> | undefined;
  /** Whether the table takes the dialect's bulk load (read at open). */
  private bulkLoad = false;

  /** `leaseSessions`: a connection of its own for the query's lease, where the dialect has one. */
  constructor(
    private readonly spec: SinkSpec,
    private readonly dialect: SqlDialect<Statement, Bulk>,
    private readonly sessions: SqlSessions<Statement, Bulk>,
    leaseSessions?: SqlSessions<Statement, Bulk>,
  ) {
    this.table = resolveSinkTable(spec, dialect.identifiers);
    this.routes = resolveRouteTables(spec, this.table, dialect.identifiers);
    this.lease = dialect.tryLease && leaseSessions && new QueryLease(leaseSessions, dialect.tryLease(this.table, spec.queryId));
  }

  async holdLease(onStandby: () => void, signal?: AbortSignal): Promise<boolean> {
    if (!this.lease) return true;
    try {
      return await this.lease.hold(onStandby, signal);
    } catch (err) {
      throw this.classified(err);
    }
  }

  async open(): Promise<void> {
    const { dialect: d, table: t } = this;
    await this.sessions.open();
    await this.withSession((session) =>
      creatingTables(session, d, async () => {
        await session.execute(d.createTable(t));
        await session.execute(d.createOffsetsTable(t));
        await session.execute(d.createStateTable(t));
        await session.execute(d.createStateEntriesTable(t));
        await session.execute(d.createDeadLettersTable(t));
        const existing = await read(session, d.describeTable(t));
        assertTableFits(t, d.tableName(t), existing, d.types);
        this.table = { ...t, existingTypes: new Map(existing.map((c) => [c.name, c.type])) };
        this.bulkLoad = d.bulkLoad !== undefined && d.savepoint !== undefined && (await read(session, d.bulkLoad.allowed(t)));
        if (t.mode === 'update') await this.assertKeyIsUnique(session, t, t.key, 'MODE UPDATE needs to upsert', nullableKeyColumns(t));
        assertColumnsFit(
          `dead-letter table ${d.tableName(t.deadLetters)} exists but does not have k2o's dead-letter columns`,
          d.deadLetterColumns,
          await read(session, d.describeTable(t.deadLetters)),
        );
        await this.assertKeyIsUnique(session, t.deadLetters, d.deadLetterKey, 'k2o needs to store each dead letter once');
        for (const r of this.routes.values()) {
          await session.execute(d.createTable(r));
          assertTableFits(r, d.tableName(r), await read(session, d.describeTable(r)), d.types);
        }
      }),
    );
  }

  async readOffsets(): Promise<SourceOffset[]> {
    return this.withSession((session) => read(session, this.dialect.selectOffsets(this.table, this.spec.queryId, { forUpdate: false })));
  }

  async readState(): Promise<StoredState | undefined> {
    const { dialect: d, table: t } = this;
    return this.withSession(async (session) => {
      const header = await read(session, d.selectState(t, this.spec.queryId));
      return header === undefined ? undefined : { header, entries: await read(session, d.selectStateEntries(t, this.spec.queryId)) };
    });
  }

  async writeBatch(
    rows: readonly Row[],
    offsets: readonly SourceOffset[],
    state?: StateCommit,
    deadLetters: readonly DeadLetterRow[] = [],
    from?: readonly SourceOffset[],
    routed: RoutedRows = {},
  ): Promise<WrittenBatch | void> {
    const { dialect: d, table: t } = this;
    const { queryId } = this.spec;
    const complete = t.mode === 'complete';
    const routeRows = [...this.routes].flatMap(([name, table]) => {
      const r = routed[name] ?? [];
      return r.length > 0 ? [{ table, rows: r }] : [];
    });
    if (rows.length === 0 && offsets.length === 0 && state === undefined && deadLetters.length === 0 && routeRows.length === 0 && !complete)
      return;
    return this.withSession(async (session): Promise<WrittenBatch> => {
      await session.begin();
      try {
        if (offsets.length > 0) {
          const fence = offsetFence(await read(session, d.selectOffsets(t, queryId, { forUpdate: true })), offsets, from);
          if (fence.kind === 'behind') throw new QueryFencedError(queryId);
          if (fence.kind === 'moved') throw new BatchFencedError(queryId, fence.detail);
          if (fence.kind === 'committed') {
            await session.rollback();
            return { refusedRows: 0 };
          }
        }
        if (complete) await session.execute(d.deleteAll(t));
        const refused = rows.length > 0 ? await this.writeRows(session, rows) : [];
        for (const r of routeRows) await session.executeBulk(d.insertRows(r.table, r.rows));
        if (offsets.length > 0) await session.executeBulk(d.upsertOffsets(t, queryId, offsets));
        if (state !== undefined) {
          await session.execute(d.upsertState(t, queryId, state.header));
          if (state.deleted.length > 0) await session.executeBulk(d.deleteStateEntries(t, queryId, state.deleted));
          if (state.put.length > 0) await session.executeBulk(d.upsertStateEntries(t, queryId, state.put));
        }
        const letters = [...deadLetters, ...refused];
        if (letters.length > 0) await session.executeBulk(d.insertDeadLetters(t, queryId, letters));
        await session.commit();
        return { refusedRows: refused.length };
      } catch (err) {
        // The original error is the one worth reporting; a failed rollback means the
        // connection is gone, and the server discards the transaction with it.
        await session.rollback().catch(() => {});
        throw err;
      }
    });
  }

  async close(): Promise<void> {
    await this.sessions.close();
    await this.lease?.close();
  }

  /**
   * Writes the batch's rows; the rows the server refuses one by one (a row-level
   * error: a constraint, a value that does not fit) come back as dead letters
   * and every other row is written, in the batch's transaction.
   */
  private async writeRows(session: SqlSession<Statement, Bulk>, batch: readonly Row[]): Promise<DeadLetterRow[]> {
    const { dialect: d, table: t } = this;
    // Reduced here, so that a refusal's index names a row of `rows`.
    const rows = t.mode === 'update' ? lastPerKey(t, batch) : batch;
    const statement = (part: readonly Row[]) => (t.mode === 'update' ? d.upsertRows(t, part) : d.insertRows(t, part));
    if (t.mode !== 'update' && this.bulkLoad && (await this.loaded(session, rows))) return [];
    let refusals: readonly RowRefusal[];
    if (session.executeRows !== undefined) refusals = await session.executeRows(statement(rows));
    else if (d.savepoint !== undefined) refusals = await this.bisect(session, d.savepoint, statement, rows, 0);
    else {
      await session.executeBulk(statement(rows));
      refusals = [];
    }
    return refusals.map((r) => {
      const c = d.classify(r.error);
      if (c.kind !== 'row') throw r.error;
      return refusedRow(this.spec, d.identifiers.database, rows[r.index] as Row, r.error, c.code);
    });
  }

  /**
   * Runs the dialect's bulk load of `rows` under a savepoint: false, with nothing
   * written, where a value needs the insert or the server refused a row, so that
   * the insert's path finds the refused rows.
   */
  private async loaded(session: SqlSession<Statement, Bulk>, rows: readonly Row[]): Promise<boolean> {
    const { bulkLoad, savepoint } = this.dialect;
    const load = bulkLoad!.rows(this.table, rows);
    if (load === undefined) return false;
    await session.execute(savepoint!.set);
    try {
      await session.executeBulk(load);
    } catch (err) {
      if (!(err instanceof Error) || this.dialect.classify(err).kind !== 'row') throw err;
      await session.execute(savepoint!.rollback);
      await session.execute(savepoint!.release);
      return false;
    }
    await session.execute(savepoint!.release);
    return true;
  }

  /**
   * Runs `rows` under a savepoint; on a row-level error rolls back to it and runs
   * each half the same way, so the good rows are written and each refused row is
   * found alone: log2(n) statements per refused row.
   */
  private async bisect(
    session: SqlSession<Statement, Bulk>,
    savepoint: NonNullable<SqlDialect<Statement, Bulk>['savepoint']>,
    statement: (rows: readonly Row[]) => Bulk,
    rows: readonly Row[],
    first: number,
  ): Promise<RowRefusal[]> {
    await session.execute(savepoint.set);
    try {
      await session.executeBulk(statement(rows));
      await session.execute(savepoint.release);
      return [];
    } catch (err) {
      if (!(err instanceof Error) || this.dialect.classify(err).kind !== 'row') throw err;
      await session.execute(savepoint.rollback);
      await session.execute(savepoint.release);
      if (rows.length === 1) return [{ index: first, error: err }];
      const half = Math.ceil(rows.length / 2);
      return [
        ...(await this.bisect(session, savepoint, statement, rows.slice(0, half), first)),
        ...(await this.bisect(session, savepoint, statement, rows.slice(half), first + half)),
      ];
    }
  }

  /**
   * Runs `work` on a session; one that saw an error is discarded rather than
   * reused. Every error leaving the sink, a failed connect included, passes the
   * dialect's classification.
   */
  private async withSession<T>(work: (session: SqlSession<Statement, Bulk>) => Promise<T>): Promise<T> {
    let session: SqlSession<Statement, Bulk>;
    try {
      session = await this.sessions.acquire();
    } catch (err) {
      throw this.classified(err);
    }
    try {
      const result = await work(session);
      await session.release();
      return result;
    } catch (err) {
      await session.discard();
      throw this.classified(err);
    }
  }

  /**
   * A driver error the dialect calls permanent is marked so; k2o's own errors say
   * it themselves. A statement-level one becomes the message the query ends
   * with: the table, the database's words and code, and the fix.
   */
  private classified(err: unknown): unknown {
    if (!(err instanceof Error) || 'retriable' in err) return err;
    const c = this.dialect.classify(err);
    if (c.kind === 'transient') return c.unrecognised ? Object.assign(err, { attemptsAtMost: UNRECOGNISED_ERROR_ATTEMPTS }) : err;
    if (c.kind === 'row') return Object.assign(err, { retriable: false });
    const code = c.code === undefined ? '' : ` (${c.code})`;
    const fix = c.fix === undefined ? '' : `; ${c.fix}`;
    return Object.assign(
      new Error(
        `${this.dialect.identifiers.database} refused a statement on table ${this.dialect.tableName(this.table)}: ${err.message}${code}${fix}`,
        { cause: err },
      ),
      {
        retriable: false,
      },
    );
  }

  /** Where the dialect's upserts need it, a unique key on exactly `columns`, treating NULLs as equal where the query writes NULL (`nullable`). */
  private async assertKeyIsUnique(
    session: SqlSession<Statement, Bulk>,
    table: TableRef,
    columns: readonly string[],
    why: string,
    nullable: readonly string[] = [],
  ): Promise<void> {
    if (this.dialect.uniqueKeys === undefined) return;
    const keys = await read(session, this.dialect.uniqueKeys(table));
    const problem = keyIndexProblem(this.dialect.tableName(table), columns, nullable, keys, why);
    if (problem !== undefined) throw new Error(problem);
  }
}

async function read<Statement, T>(session: SqlSession<Statement, unknown>, query: SqlRead<Statement, T>): Promise<T> {
  return query.read(await session.execute(query.statement));
}
