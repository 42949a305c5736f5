import type { CompiledQuery } from '../compile.js';
import type { Diagnostic } from '../compiler/diagnostics/Diagnostic.js';
import { diag } from '../compiler/diagnostics/messages.js';

/**
 * Language features that compile and plan but that this runtime cannot run
 * yet, with what to do instead. `k2o check` and `explain` accept them; `k2o run`
 * refuses the file before any data flows.
 */
const NOT_YET: Record<string, string> = {
  'FROM ORACLE': 'batch reads from tables are planned, not yet executed',
  'FROM POSTGRES': 'batch reads from tables are planned, not yet executed',
  'INSERT INTO … SELECT (batch copy)': 'batch copies are planned, not yet executed',
  'FROM KAFKA with a topic pattern': 'list the topics: FROM KAFKA a, b',
  'INTO KAFKA': 'write to ORACLE, POSTGRES or CONSOLE',
  'FAILED ROWS INTO': 'drop the route; the quality_<rule> columns still mark failing rows',
  'LATE ROWS INTO': 'drop the route; late rows are logged and counted',
};

export function runtimeGaps(q: CompiledQuery): Diagnostic[] {
  const gaps: Diagnostic[] = [];
  for (const f of q.analyzed.features) {
    const reason = NOT_YET[f.feature];
    if (reason !== undefined) gaps.push(diag('NotARuntimeFeature', f.span, [f.feature, reason]));
    if (f.feature === 'DEAD LETTERS INTO') {
      const gap = deadLetterRouteGap(q);
      if (gap !== undefined) gaps.push(diag('NotARuntimeFeature', f.span, gap));
    }
  }
  return gaps;
}

/**
 * Dead letters commit in the batch's own transaction, with the offsets that skip
 * them (exactly once), so they can only go to a table of the sink's database, or
 * to stderr beside a console sink. Anything else could not commit atomically: a
 * crash between the two writes would lose a dead letter or write it twice.
 */
function deadLetterRouteGap(q: CompiledQuery): [string, string] | undefined {
  const route = q.analyzed.routes.deadLetters;
  const sink = q.analyzed.sink.kind;
  if (route === undefined || route.kind === sink) return undefined;
  const what = `DEAD LETTERS INTO ${route.kind.toUpperCase()} with INTO ${sink.toUpperCase()}`;
  switch (sink) {
    case 'postgres':
    case 'oracle': {
      const db = sink === 'postgres' ? 'PostgreSQL' : 'Oracle';
      const table = sink === 'postgres' ? 'k2o_dead_letters' : 'K2O_DEAD_LETTERS';
      return [
        what,
        `dead letters commit in the same transaction as the batch's rows and offsets, which only a table in the same ${db} database can join; ` +
          `write DEAD LETTERS INTO ${sink.toUpperCase()} table, or drop the route and they go to ${table} beside the sink table`,
      ];
    }
    case 'console':
      return [what, 'a CONSOLE query prints its dead letters to stderr; drop the route'];
    case 'kafka':
      return [what, 'dead letters commit with the sink, and INTO KAFKA does not run yet; drop the route'];
  }
}
