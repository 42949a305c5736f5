import type { Diagnostic } from '../../compiler/diagnostics/Diagnostic.js';
import { diag } from '../../compiler/diagnostics/messages.js';
import { connectorWord, type ConnectorCatalog, type ConnectorDescriptor } from '../../core/ConnectorDescriptor.js';
import { type ConnectorName } from '../../core/specs.js';
import type { SinkTarget } from '../../core/specs.js';
import { sourceOf, type SinkExec } from './PhysicalPlan.js';

/**
 * What a plan needs that this runtime cannot run yet, each pointed at the clause
 * that asks for it (K4014), with what to do instead. A connector's descriptor
 * says which of its roles do not run yet (`notYet`). These are not compile
 * errors: `k2o check` and `explain` accept the plan; `k2o run` refuses it before
 * any data flows.
 */
export function checkRunnable(plan: SinkExec, connectors: ConnectorCatalog): Diagnostic[] {
  const gaps: Diagnostic[] = [];
  const gap = (span: Diagnostic['span'], feature: string, reason: string) => gaps.push(diag('NotARuntimeFeature', span, [feature, reason]));
  const source = sourceOf(plan).source;
  const reader = descriptorOf(source.connector, connectors);
  const from = `FROM ${connectorWord(reader.name)}`;
  const notRead = reader.notYet?.[source.kind === 'table' ? 'tableSource' : 'streamSource'];
  if (notRead) gap(source.span, from, notRead);
  const writer = descriptorOf(plan.target.connector, connectors);
  const { failed, deadLetters, late } = plan.routes;
  const routeGaps: [SinkTarget, string, string][] = [];
  if (failed) {
    const refused = rowRouteGap(failed, 'FAILED ROWS INTO', writer, 'the quality_<rule> columns still mark failing rows');
    if (refused) routeGaps.push([failed, ...refused]);
  }
  if (late) {
    const refused = rowRouteGap(late, 'LATE ROWS INTO', writer, 'late rows are logged and counted');
    if (refused) routeGaps.push([late, ...refused]);
  }
  if (deadLetters) {
    const refused = deadLetterRouteGap(deadLetters, writer);
    if (refused) routeGaps.push([deadLetters, ...refused]);
  }
  // In the order the text writes the routes.
  for (const [route, feature, reason] of routeGaps.sort(([a], [b]) => a.span.offset - b.span.offset)) gap(route.span, feature, reason);
  const notWritten = writer.notYet?.sink;
  if (notWritten) gap(plan.target.span, `INTO ${connectorWord(writer.name)}`, notWritten);
  return gaps;
}

/** The analyzer let only known connectors through. */
function descriptorOf(name: ConnectorName, connectors: ConnectorCatalog): ConnectorDescriptor {
  const d = connectors.get(name);
  if (!d) throw new Error(`internal: connector '${name}' is not in the catalog the query was compiled with`);
  return d;
}

/**
 * Dead letters commit in the batch's own transaction, with the offsets that skip
 * them (exactly once), so they can only go to a table of the sink's database, or
 * where a non-transactional sink sends them (the console: stderr). Anything else
 * could not commit atomically: a crash between the two writes would lose a dead
 * letter or write it twice.
 */
function deadLetterRouteGap(route: SinkTarget, sink: ConnectorDescriptor): [string, string] | undefined {
  if (route.connector === sink.name) return undefined;
  const word = connectorWord(sink.name);
  const what = `DEAD LETTERS INTO ${connectorWord(route.connector)} with INTO ${word}`;
  const notYet = sink.notYet?.deadLetters;
  if (notYet) return [what, `${notYet}; drop the route`];
  if (!sink.transactional) return [what, `a ${word} query prints its dead letters to ${sink.deadLetters}; drop the route`];
  const place =
    sink.target === 'topic'
      ? [`a topic of the same ${sink.displayName} cluster`, 'topic']
      : [`a table in the same ${sink.displayName} database`, 'table'];
  return [
    what,
    `dead letters commit in the same transaction as the batch's rows and offsets, which only ${place[0]} can join; ` +
      `write DEAD LETTERS INTO ${word} ${place[1]}, or drop the route and they go to ${sink.deadLetters}`,
  ];
}

/**
 * In an aggregate query the rows the rules judged are folded into groups before
 * the sink: splitting them off there would need the split before the aggregate.
 */
/**
 * FAILED ROWS and LATE ROWS commit in the batch's transaction, with the offsets
 * that move past their records (exactly once, like dead letters): only a table
 * of a transactional sink's own database, or a topic of its own Kafka cluster,
 * can join it.
 */
function rowRouteGap(route: SinkTarget, clause: string, sink: ConnectorDescriptor, without: string): [string, string] | undefined {
  const word = connectorWord(sink.name);
  const what = `${clause} ${connectorWord(route.connector)} with INTO ${word}`;
  if (!sink.transactional) return [what, `a ${word} query has no transaction for a route to join; drop the route (${without})`];
  if (route.connector === sink.name) return undefined;
  const place =
    sink.target === 'topic' ? `a topic of the same ${sink.displayName} cluster` : `a table in the same ${sink.displayName} database`;
  return [
    what,
    `the route's rows commit in the same transaction as the batch's rows and offsets, which only ${place} can join; ` +
      `write ${clause} ${word} ${sink.target}, or drop the route (${without})`,
  ];
}
