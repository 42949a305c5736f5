import type { RouteName } from '../../core/specs.js';
import type { SinkSpec } from '../../runtime/ports/Sink.js';
import { resolveSinkTable, type IdentifierRules, type SinkTable, type TableRef } from './sinkTable.js';

const CLAUSES: Record<RouteName, string> = { failed: 'FAILED ROWS INTO', late: 'LATE ROWS INTO' };

/**
 * The tables of the query's FAILED ROWS and LATE ROWS routes, folded like its
 * target: each takes its rows in append mode, and none may be a table the query
 * already writes (its target, its dead letters, the other route).
 */
export function resolveRouteTables(spec: SinkSpec, target: SinkTable, rules: IdentifierRules): Map<RouteName, SinkTable> {
  const tables = new Map<RouteName, SinkTable>();
  const taken: [TableRef, string][] = [
    [target, "the query's own table"],
    [target.deadLetters, 'its dead-letter table'],
  ];
  for (const [route, r] of Object.entries(spec.routes ?? {}) as [RouteName, NonNullable<SinkSpec['routes']>[RouteName]][]) {
    if (r === undefined) continue;
    const table = resolveSinkTable({ table: r.table, schema: r.schema, mode: 'append', key: [], queryId: spec.queryId }, rules);
    const clash = taken.find(([t]) => t.schema === table.schema && t.name === table.name);
    if (clash) throw new Error(`${CLAUSES[route]} names ${clash[1]} "${r.table}"; give the route a table of its own`);
    taken.push([table, `the ${CLAUSES[route]} table`]);
    tables.set(route, table);
  }
  return tables;
}
