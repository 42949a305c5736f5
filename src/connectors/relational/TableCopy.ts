import type { InsertMode } from '../../core/specs.js';
import type { RouteName } from '../../core/specs.js';
import type { CopyChunk, CopyOutcome, CopyTarget } from '../../runtime/ports/CopyTarget.js';
import type { SinkSpec } from '../../runtime/ports/Sink.js';
import type { TableReadSpec } from '../../runtime/ports/TableSource.js';
import type { SqlDialect, SqlRead } from './SqlDialect.js';
import type { SqlSession, SqlSessions } from './SqlSession.js';
import { resolveRouteTables } from './routeTables.js';
import { resolveSinkTable, resolveTableName, type SinkTable } from './sinkTable.js';
import { assertTableFits } from './tableCheck.js';

/** The statements of a batch copy beyond a sink's: each database's own SQL file builds them. */
export interface CopySql<Statement> {
  /** Holds off other writers until the copy commits, so that IGNORE's and ERROR's look at the table stays true. */
  lockTable(t: SinkTable): Statement;
  countRows(t: SinkTable): SqlRead<Statement, number>;
  /** `INSERT INTO t (columns) SELECT … FROM source WHERE …`: the copy inside the database. */
  insertSelect(t: SinkTable, read: TableReadSpec): Statement;
}

/**
 * A batch copy into a table of a relational database, in one transaction: the
 * table created when absent, locked, checked for rows (IGNORE, ERROR), emptied
 * (OVERWRITE: DELETE, so readers keep seeing the old rows until the commit and
 * Oracle's implicit commit of TRUNCATE cannot break the transaction), then
 * filled. Any failure rolls it all back: the table is as it was.
 */
export class TableCopy<Statement, Bulk> implements CopyTarget {
  private readonly table: SinkTable;
  private readonly routes: ReadonlyMap<RouteName, SinkTable>;
  /** The statements a copy ran, in order (binds aside): how a test sees that a copy inside the database is one INSERT … SELECT. */
  readonly statements: string[] = [];

  constructor(
    spec: SinkSpec,
    private readonly dialect: SqlDialect<Statement, Bulk>,
    private readonly copySql: CopySql<Statement>,
    private readonly sessions: SqlSessions<Statement, Bulk>,
    private readonly text: (s: Statement | Bulk) => string,
  ) {
    this.table = resolveSinkTable(spec, dialect.identifiers);
    this.routes = resolveRouteTables(spec, this.table, dialect.identifiers);
  }

  async copyRows(mode: InsertMode, chunks: AsyncIterable<CopyChunk>, onChunk: (rows: number) => void): Promise<CopyOutcome> {
    return this.inTransaction(mode, async (session) => {
      let rows = 0;
      for await (const chunk of chunks) {
        if (chunk.rows.length > 0) await this.run(session, this.dialect.insertRows(this.table, chunk.rows), true);
        for (const [name, table] of this.routes) {
          const routed = chunk.routed[name] ?? [];
          if (routed.length > 0) await this.run(session, this.dialect.insertRows(table, routed), true);
        }
        rows += chunk.rows.length;
        onChunk(chunk.rows.length);
      }
      return rows;
    });
  }

  async copyWithin(mode: InsertMode, read: TableReadSpec): Promise<CopyOutcome> {
    const source = resolveTableName(read.table, this.dialect.identifiers);
    if (mode === 'overwrite' && source.schema === this.table.schema && source.name === this.table.name)
      throw new Error(
        `MODE OVERWRITE of ${this.dialect.tableName(this.table)} from itself would read the rows it deletes; copy through another table`,
      );
    return this.inTransaction(mode, async (session) => {
      const before = await this.count(session);
      await this.run(session, this.copySql.insertSelect(this.table, read));
      return (await this.count(session)) - before;
    });
  }

  async close(): Promise<void> {
    await this.sessions.close();
  }

  private async inTransaction(mode: InsertMode, fill: (session: SqlSession<Statement, Bulk>) => Promise<number>): Promise<CopyOutcome> {
    const { dialect: d, table: t } = this;
    await this.sessions.open();
    const session = await this.sessions.acquire();
    try {
      await session.begin();
      // Inside the transaction: PostgreSQL then drops a table the copy created when the copy fails (Oracle's DDL commits at once).
      await this.run(session, d.createTable(t));
      assertTableFits(t, d.tableName(t), await this.read(session, d.describeTable(t)), d.types);
      await this.run(session, this.copySql.lockTable(t));
      if (mode === 'ignore' || mode === 'error') {
        const existing = await this.count(session);
        if (existing > 0 && mode === 'ignore') {
          await session.rollback();
          await session.release();
          return { kind: 'ignored' };
        }
        if (existing > 0)
          throw Object.assign(
            new Error(
              `MODE ERROR: table ${d.tableName(t)} already has ${existing} rows; nothing was copied (MODE APPEND adds to them, OVERWRITE replaces them)`,
            ),
            { retriable: false },
          );
      }
      // A route's table is the copy's too: OVERWRITE replaces its rows, so a rerun gives the same two tables.
      for (const r of this.routes.values()) {
        await this.run(session, d.createTable(r));
        assertTableFits(r, d.tableName(r), await this.read(session, d.describeTable(r)), d.types);
      }
      if (mode === 'overwrite') for (const table of [t, ...this.routes.values()]) await this.run(session, d.deleteAll(table));
      const rows = await fill(session);
      await session.commit();
      await session.release();
      return { kind: 'copied', rows };
    } catch (err) {
      await session.rollback().catch(() => {});
      await session.discard();
      throw err;
    }
  }

  private async count(session: SqlSession<Statement, Bulk>): Promise<number> {
    return this.read(session, this.copySql.countRows(this.table));
  }

  private async read<T>(session: SqlSession<Statement, Bulk>, query: SqlRead<Statement, T>): Promise<T> {
    this.statements.push(this.text(query.statement));
    return query.read(await session.execute(query.statement));
  }

  private async run(session: SqlSession<Statement, Bulk>, statement: Statement, bulk?: false): Promise<void>;
  private async run(session: SqlSession<Statement, Bulk>, statement: Bulk, bulk: true): Promise<void>;
  private async run(session: SqlSession<Statement, Bulk>, statement: Statement | Bulk, bulk = false): Promise<void> {
    this.statements.push(this.text(statement));
    if (bulk) await session.executeBulk(statement as Bulk);
    else await session.execute(statement as Statement);
  }
}
