import pg from 'pg';
import type { Row } from '../../core/Schema.js';
import type { TableReadSpec, TableSource } from '../../runtime/ports/TableSource.js';
import { connectionError } from '../connectionError.js';
import { tableReadSql, tableRow } from '../relational/tableRead.js';
import { declareCursor, fetchCursor, POSTGRES_READ } from './postgresReadSql.js';

/**
 * `FROM POSTGRES t`: the table read through a server-side cursor in a READ ONLY,
 * REPEATABLE READ transaction, so every chunk comes from one snapshot and the
 * server sends a chunk only when one is asked for (FETCH FORWARD n). A cursor of
 * SQL rather than `COPY TO` because its rows arrive typed, as pg parses them, and
 * a chunk ends on a row.
 */
export class PostgresTableSource implements TableSource {
  private client: pg.Client | undefined;
  private ended = false;
  /** Each FETCH the read ran, with the rows it returned: what shows that the table comes a chunk at a time. */
  readonly fetched: number[] = [];

  constructor(
    private readonly spec: TableReadSpec,
    private readonly url: string,
  ) {}

  async open(): Promise<void> {
    const client = new pg.Client({ connectionString: this.url });
    // A server going away mid-read fails the next FETCH; without a listener the event would end the process.
    client.on('error', () => {});
    try {
      await client.connect();
    } catch (err) {
      throw connectionError('PostgreSQL', this.url, err);
    }
    this.client = client;
    const { sql, binds } = tableReadSql(this.spec, POSTGRES_READ);
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    try {
      await client.query({ text: declareCursor(sql), values: binds });
    } catch (err) {
      throw new Error(`reading ${this.spec.table} from PostgreSQL: ${(err as Error).message}`, { cause: err });
    }
  }

  async next(maxRows: number): Promise<Row[]> {
    if (this.ended) return [];
    if (!this.client) throw new Error('internal: PostgresTableSource.next before open');
    const result = await this.client.query<unknown[]>({ text: fetchCursor(maxRows), rowMode: 'array' });
    this.fetched.push(result.rows.length);
    if (result.rows.length < maxRows) this.ended = true;
    return result.rows.map((values) => tableRow(values, this.spec.columns, this.spec.table));
  }

  async close(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (!client) return;
    await client.query('ROLLBACK').catch(() => {});
    await client.end().catch(() => {});
  }
}
