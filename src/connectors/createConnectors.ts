import { connectorWord } from '../core/ConnectorDescriptor.js';
import { type ConnectorName } from '../core/specs.js';
import type { K2oConfig } from '../config/K2oConfig.js';
import type { Sink, SinkSpec } from '../runtime/ports/Sink.js';
import type { Source } from '../runtime/ports/Source.js';
import { sourceOf, type PhysicalPlan, type SinkExec } from '../plan/physical/PhysicalPlan.js';
import { routeSchemas } from '../plan/physical/routeSchemas.js';
import { ConfigError } from './ConfigError.js';
import type { ConnectorModule, RegisteredConnector } from './ConnectorModule.js';
import { CONNECTORS } from './registry.js';

/**
 * The sink of a query's physical plan, from the connector registry (or the one
 * given). Drivers are imported on first use, so `k2o check` and `explain`
 * never load them.
 */
export async function createSink(p: SinkExec, config: K2oConfig, registry: readonly RegisteredConnector[] = CONNECTORS): Promise<Sink> {
  const mode = p.target.mode;
  if (mode !== 'append' && mode !== 'update' && mode !== 'complete')
    throw new ConfigError(`MODE ${mode.toUpperCase()} is for batch copies, which this runtime does not run yet`);
  const deadLetterTable = deadLetterRoute(p);
  const routes = rowRoutes(p);
  const spec: SinkSpec = {
    table: p.target.target ?? p.target.connector,
    schema: p.schema,
    mode,
    key: p.target.key,
    queryId: p.queryId,
    ...(deadLetterTable !== undefined && { deadLetterTable }),
    ...(p.target.options && { options: p.target.options }),
    ...sourceFacts(p),
    ...(Object.keys(routes).length > 0 && { routes }),
  };
  const module = await load(p.target.connector, registry);
  if (!module.createSink) throw new ConfigError(`INTO ${connectorWord(p.target.connector)} is not run by this runtime yet`);
  return module.createSink(spec, config);
}

/**
 * The table of `DEAD LETTERS INTO`, which must be in the sink's own database:
 * dead letters commit in the batch's transaction (lowering reports the rest as
 * a runtime gap, which `k2o run` refuses; this guards other callers).
 */
function deadLetterRoute(p: SinkExec): string | undefined {
  const route = p.routes.deadLetters;
  if (route === undefined) return undefined;
  const sink = p.target.connector;
  if (route.connector !== sink) {
    throw new ConfigError(
      `DEAD LETTERS INTO ${connectorWord(route.connector)} with INTO ${connectorWord(sink)}: dead letters commit in the sink's transaction, so they go to a table of the same database`,
    );
  }
  return route.target;
}

/** What a sink may need to know of the source: the watermarked column and the declared consumer group. */
function sourceFacts(p: SinkExec): Pick<SinkSpec, 'watermarkColumn' | 'sourceGroupId'> {
  let node: PhysicalPlan = p.input;
  let watermarkColumn: string | undefined;
  while (node.kind !== 'StreamSourceExec' && node.kind !== 'TableSourceExec') {
    if (node.kind === 'WatermarkExec') watermarkColumn = node.column;
    node = node.input;
  }
  const groupId = node.kind === 'StreamSourceExec' ? node.source.groupId : undefined;
  return { ...(watermarkColumn !== undefined && { watermarkColumn }), ...(groupId !== undefined && { sourceGroupId: groupId }) };
}

/** FAILED ROWS and LATE ROWS INTO: like dead letters, tables of the sink's own database or topics of its cluster (lowering refuses the rest). */
export function rowRoutes(p: SinkExec): NonNullable<SinkSpec['routes']> {
  const schemas = routeSchemas(p);
  const routes: { -readonly [R in keyof NonNullable<SinkSpec['routes']>]: NonNullable<SinkSpec['routes']>[R] } = {};
  for (const name of ['failed', 'late'] as const) {
    const route = p.routes[name];
    const schema = schemas[name];
    if (route === undefined || schema === undefined) continue;
    if (route.connector !== p.target.connector || route.target === undefined)
      throw new ConfigError(
        `a route of query ${p.queryId} is not a table or topic of its sink's database or cluster: its rows commit in the sink's transaction`,
      );
    routes[name] = { table: route.target, schema };
  }
  return routes;
}

/** The source of a query's physical plan: a stream source of the registry reading named topics or a pattern's. */
export async function createSource(p: SinkExec, config: K2oConfig, registry: readonly RegisteredConnector[] = CONNECTORS): Promise<Source> {
  const { source } = sourceOf(p);
  const module = await load(source.connector, registry);
  if (source.kind !== 'stream' || !module.createStreamSource)
    throw new ConfigError(`reading ${source.name} is not run by this runtime yet`);
  const topics = source.topics;
  return module.createStreamSource(
    {
      ...('names' in topics ? { topics: topics.names } : { topics: [], topicPattern: topics.pattern }),
      queryId: p.queryId,
      startingOffsets: source.startingOffsets,
      ...(source.groupId !== undefined && { groupId: source.groupId }),
      ...(source.consumer && { consumer: source.consumer }),
    },
    config,
  );
}

/** The connector's module, its driver imported on first use. */
export async function load(name: ConnectorName, registry: readonly RegisteredConnector[]): Promise<ConnectorModule> {
  const entry = registry.find((c) => c.descriptor.name === name);
  if (!entry) throw new Error(`internal: connector '${name}' is not in the registry`);
  return entry.load();
}
