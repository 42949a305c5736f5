import type { Catalog } from '../compiler/analyzer/Catalog.js';
import { formatTable } from '../connectors/console/textTable.js';
import { formatType, STRING } from '../core/SqlType.js';
import type { Column } from '../core/Schema.js';
import { explainQuery } from '../explain.js';
import type { Query, QueryStatus } from '../engine/index.js';

/** Lines of text as the console prints rows: aligned columns under a header. */
function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const schema: Column[] = headers.map((name) => ({ name, type: STRING, nullable: true }));
  return formatTable(
    schema,
    rows.map((r) => [...r]),
  );
}

/** SHOW QUERIES: every query of the session, running or ended, with its last batch's figures. */
export function showQueries(queries: readonly Query[]): string {
  return table(
    ['id', 'name', 'status', 'rows/s', 'rows in', 'lag', 'watermark'],
    queries.map((q) => {
      const p = q.progress();
      const lag = q.lag();
      return [
        q.id,
        q.name,
        statusText(q.status()),
        p ? p.inputRowsPerSecond.toFixed(1) : '-',
        String(p?.totals.numInputRows ?? 0),
        // Records in the topics not yet committed into the sink, over every partition, as last sampled.
        lag ? String(lag.partitions.reduce((n, l) => n + l.lag, 0)) : '-',
        p?.eventTime.watermark ?? '-',
      ];
    }),
  );
}

export function showStreams(catalog: Catalog): string {
  return table(
    ['name', 'topic', 'format', 'columns'],
    [...catalog.streams.values()].map((s) => [s.name, s.topic, s.format, s.columns ? String(s.columns.length) : 'typed from use']),
  );
}

export function showTables(catalog: Catalog): string {
  return table(
    ['name', 'database', 'primary key', 'columns'],
    [...catalog.tables.values()].map((t) => [t.name, t.database, t.primaryKey.join(', '), String(t.columns.length)]),
  );
}

/** DESCRIBE of a stream or table: its columns and types. */
export function describeColumns(kind: string, name: string, columns: readonly Column[] | undefined): string {
  if (!columns) return `${kind} ${name}: not declared; its columns are read from JSON by name and typed from their use`;
  return `${kind} ${name}\n${table(
    ['column', 'type'],
    columns.map((c) => [c.name, `${formatType(c.type)}${c.nullable ? '' : ' NOT NULL'}`]),
  )}`;
}

/** DESCRIBE of a query: its plan, its status and its last progress report. */
export function describeQuery(q: Query): string {
  const p = q.progress();
  return [
    `query ${q.id}: ${statusText(q.status())}`,
    explainQuery(q.compiled),
    p ? `== Last progress ==\n${JSON.stringify(p, null, 2)}` : '== Last progress ==\nno batch committed yet',
  ].join('\n');
}

export function statusText(s: QueryStatus): string {
  switch (s.state) {
    case 'RETRYING':
      return `RETRYING (next attempt ${s.nextAttemptAt.toISOString()}: ${s.error.message})`;
    case 'FAILED':
      return `FAILED (${s.error.message})`;
    case 'STANDBY':
      return `STANDBY (since ${s.since.toISOString()}: another process runs it)`;
    default:
      return s.state;
  }
}
