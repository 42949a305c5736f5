import oracledb from 'oracledb';
import type { Row } from '../../core/Schema.js';
import type { TableReadSpec, TableSource } from '../../runtime/ports/TableSource.js';
import { connectionError } from '../connectionError.js';
import { tableReadSql, tableRow } from '../relational/tableRead.js';
import { ORACLE_READ } from './oracleReadSql.js';
import { parseOracleUrl } from './oracleUrl.js';

/**
 * `FROM ORACLE t`: the table read through a result set (node-oracledb's
 * `resultSet: true`), whose rows the server sends a chunk at a time as getRows
 * asks; a query sees one read-consistent snapshot of the table for its whole read.
 */
export class OracleTableSource implements TableSource {
  private conn: oracledb.Connection | undefined;
  private rows: oracledb.ResultSet<unknown[]> | undefined;

  constructor(
    private readonly spec: TableReadSpec,
    private readonly url: string,
  ) {}

  async open(): Promise<void> {
    try {
      this.conn = await oracledb.getConnection(parseOracleUrl(this.url));
    } catch (err) {
      throw connectionError('Oracle', this.url, err);
    }
    const { sql, binds } = tableReadSql(this.spec, ORACLE_READ);
    try {
      const result = await this.conn.execute<unknown[]>(sql, binds, { resultSet: true, outFormat: oracledb.OUT_FORMAT_ARRAY });
      this.rows = result.resultSet;
    } catch (err) {
      throw new Error(`reading ${this.spec.table} from Oracle: ${(err as Error).message}`, { cause: err });
    }
  }

  async next(maxRows: number): Promise<Row[]> {
    if (!this.rows) throw new Error('internal: OracleTableSource.next before open');
    const fetched = await this.rows.getRows(maxRows);
    return fetched.map((values) => tableRow(values, this.spec.columns, this.spec.table));
  }

  async close(): Promise<void> {
    await this.rows?.close().catch(() => {});
    await this.conn?.close().catch(() => {});
    this.rows = undefined;
    this.conn = undefined;
  }
}
