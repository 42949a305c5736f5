import type { RouteName } from '../../core/specs.js';
import type { SinkSpec } from '../../runtime/ports/Sink.js';
import { eventTimeColumn, recordEncoder, type RecordEncoder } from './recordEncoding.js';

const CLAUSES: Record<RouteName, string> = { failed: 'FAILED ROWS INTO', late: 'LATE ROWS INTO' };

/** Where one route's rows go, and how each becomes a record. */
export interface RouteTopic {
  readonly topic: string;
  readonly encode: RecordEncoder;
}

/**
 * The topics of the query's FAILED ROWS and LATE ROWS routes, each encoded as
 * the target's records are (recordEncoding.ts). A route's record carries the
 * target's KEY when its rows hold every key column (a failed output row always
 * does; a failed row of an aggregate query, or a late row, when the key
 * columns are columns it carries), so it lands on the partition its key's
 * results do; otherwise it has no key. Its timestamp is the row's event
 * time, chosen as for the target. No route may name a topic the query already
 * writes: a reader of one could not tell the rows apart.
 */
export function resolveRouteTopics(spec: SinkSpec, deadLetterTopic: string): Map<RouteName, RouteTopic> {
  const topics = new Map<RouteName, RouteTopic>();
  const taken: [string, string][] = [
    [spec.table, "the query's own topic"],
    [deadLetterTopic, 'its dead-letter topic'],
  ];
  for (const [route, r] of Object.entries(spec.routes ?? {}) as [RouteName, NonNullable<SinkSpec['routes']>[RouteName]][]) {
    if (r === undefined) continue;
    const clash = taken.find(([t]) => t === r.table);
    if (clash) throw new Error(`${CLAUSES[route]} names ${clash[1]} "${r.table}"; give the route a topic of its own`);
    taken.push([r.table, `the ${CLAUSES[route]} topic`]);
    const key = spec.key.every((k) => r.schema.some((c) => c.name === k)) ? spec.key : [];
    topics.set(route, { topic: r.table, encode: recordEncoder(r.schema, key, eventTimeColumn(r.schema, spec.watermarkColumn)) });
  }
  return topics;
}
