import type { Diagnostic } from '../../compiler/diagnostics/Diagnostic.js';
import { diag } from '../../compiler/diagnostics/messages.js';
import type { SinkTarget } from '../../core/specs.js';
import { sourceOf, type SinkExec } from './PhysicalPlan.js';

/**
 * What a plan needs that this runtime cannot run yet, each pointed at the clause
 * that asks for it (K4014), with what to do instead. These are not compile
 * errors: `k2o check` and `explain` accept the plan; `k2o run` refuses it before
 * any data flows.
 */
export function checkRunnable(plan: SinkExec): Diagnostic[] {
  const gaps: Diagnostic[] = [];
  const gap = (span: Diagnostic['span'], feature: string, reason: string) => gaps.push(diag('NotARuntimeFeature', span, [feature, reason]));
  const source = sourceOf(plan).source;
  if (source.kind === 'table') gap(source.span, `FROM ${source.database.toUpperCase()}`, 'batch reads from tables are planned, not yet executed');
  else if ('pattern' in source.topics) gap(source.span, 'FROM KAFKA with a topic pattern', 'list the topics: FROM KAFKA a, b');
  if (plan.copy) gap(plan.span, 'INSERT INTO … SELECT (batch copy)', 'batch copies are planned, not yet executed');
  const { failed, deadLetters, late } = plan.routes;
  const routeGaps: [SinkTarget, string, string][] = [];
  if (failed) routeGaps.push([failed, 'FAILED ROWS INTO', 'drop the route; the quality_<rule> columns still mark failing rows']);
  if (late) routeGaps.push([late, 'LATE ROWS INTO', 'drop the route; late rows are logged and counted']);
  if (deadLetters) {
    const refused = deadLetterRouteGap(deadLetters, plan.target);
    if (refused) routeGaps.push([deadLetters, ...refused]);
  }
  // In the order the text writes the routes.
  for (const [route, feature, reason] of routeGaps.sort(([a], [b]) => a.span.offset - b.span.offset)) gap(route.span, feature, reason);
  if (plan.kind === 'KafkaSinkExec') gap(plan.target.span, 'INTO KAFKA', 'write to ORACLE, POSTGRES or CONSOLE');
  return gaps;
}

/**
 * Dead letters commit in the batch's own transaction, with the offsets that skip
 * them (exactly once), so they can only go to a table of the sink's database, or
 * to stderr beside a console sink. Anything else could not commit atomically: a
 * crash between the two writes would lose a dead letter or write it twice.
 */
function deadLetterRouteGap(route: SinkTarget, target: SinkTarget): [string, string] | undefined {
  const sink = target.kind;
  if (route.kind === sink) return undefined;
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
