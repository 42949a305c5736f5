import { connectorWord } from '../core/ConnectorDescriptor.js';
import type { K2oConfig } from '../config/K2oConfig.js';
import type { CopyTarget } from '../runtime/ports/CopyTarget.js';
import type { TableReadSpec, TableSource } from '../runtime/ports/TableSource.js';
import { sourceOf, type SinkExec, type TableSourceExec } from '../plan/physical/PhysicalPlan.js';
import { ConfigError } from './ConfigError.js';
import type { RegisteredConnector } from './ConnectorModule.js';
import { load, rowRoutes } from './createConnectors.js';
import { CONNECTORS } from './registry.js';

/** What a table read asks its connector for: the columns the database holds (metadata columns are k2o's), and the pushed conditions. */
export function tableReadSpec(scan: TableSourceExec): TableReadSpec {
  return { table: scan.source.name, columns: scan.schema.filter((c) => !c.metadata), where: scan.where };
}

/** The table source of a batch query's plan, from the connector registry (or the one given). */
export async function createTableSource(
  p: SinkExec,
  config: K2oConfig,
  registry: readonly RegisteredConnector[] = CONNECTORS,
): Promise<TableSource> {
  const scan = sourceOf(p);
  if (scan.kind !== 'TableSourceExec') throw new Error('internal: createTableSource for a stream query');
  const module = await load(scan.source.connector, registry);
  if (!module.createTableSource)
    throw new ConfigError(`FROM ${connectorWord(scan.source.connector)} tables is not run by this runtime yet`);
  return module.createTableSource(tableReadSpec(scan), config);
}

/**
 * Where a batch query into a table writes: a copy target, whose modes are the
 * batch modes (INSERT INTO … SELECT, and SELECT … FROM <table> INTO <table>).
 * Undefined for a target without tables (the console), which takes the rows as
 * a sink does.
 */
export async function createCopyTarget(
  p: SinkExec,
  config: K2oConfig,
  registry: readonly RegisteredConnector[] = CONNECTORS,
): Promise<CopyTarget | undefined> {
  const t = p.target;
  const module = await load(t.connector, registry);
  if (!module.createCopyTarget || t.target === undefined) {
    if (p.copy) throw new ConfigError(`INSERT INTO ${connectorWord(t.connector)} is not run by this runtime yet`);
    return undefined;
  }
  const routes = rowRoutes(p);
  return module.createCopyTarget(
    {
      table: t.target,
      schema: p.schema,
      mode: 'append',
      key: t.key,
      queryId: p.queryId,
      ...(Object.keys(routes).length > 0 && { routes }),
    },
    config,
  );
}
