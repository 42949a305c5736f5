import type { Column } from '../../core/Schema.js';
import type { BoundExpr } from '../../core/BoundExpr.js';
import type { SinkExec } from './PhysicalPlan.js';

/** A copy the target's database runs as one INSERT … SELECT: the source columns, in the target's column order, and the conditions. */
export interface InDatabaseCopy {
  readonly table: string;
  readonly columns: readonly Column[];
  readonly where: readonly BoundExpr[];
}

/**
 * Whether a batch query into a table (INSERT INTO … SELECT, or SELECT … FROM
 * <table> INTO <table>) can run inside the database: source and
 * target in the same database, every WHERE condition pushed into the read
 * (tablePushdown.ts), and nothing but source columns selected, perhaps renamed.
 * Anything k2o computes (functions, aggregates, DISTINCT, QUALITY, metadata
 * columns) runs in k2o's operators, and the rows stream through.
 */
export function inDatabaseCopy(plan: SinkExec): InDatabaseCopy | undefined {
  let columns: Column[];
  let p = plan.input;
  if (p.kind === 'ProjectionExec') {
    const input = p.input.schema;
    const picked = p.exprs.map((e) =>
      e.expr.kind === 'column' ? input.find((c) => c.name === (e.expr as { name: string }).name) : undefined,
    );
    if (picked.some((c) => c === undefined)) return undefined;
    columns = picked as Column[];
    p = p.input;
  } else {
    columns = [...p.schema];
  }
  if (p.kind !== 'TableSourceExec' || p.source.connector !== plan.target.connector) return undefined;
  if (columns.some((c) => c.metadata)) return undefined;
  return { table: p.source.name, columns, where: p.where };
}
