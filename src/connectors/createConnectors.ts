import type { K2oConfig } from '../config/K2oConfig.js';
import { TransactionalSink } from './relational/TransactionalSink.js';
import type { Sink, SinkSpec } from '../runtime/ports/Sink.js';
import type { Source } from '../runtime/ports/Source.js';
import { sourceOf, type SinkExec } from '../plan/physical/PhysicalPlan.js';

/**
 * The connectors of a query's physical plan, from the flat list of kinds.
 * Drivers are imported on first use, so `k2o check` and `explain` never load them.
 */
export async function createSink(p: SinkExec, config: K2oConfig): Promise<Sink> {
  const mode = p.target.mode;
  if (mode !== 'append' && mode !== 'update' && mode !== 'complete') throw new ConfigError(`MODE ${mode.toUpperCase()} is for batch copies, which this runtime does not run yet`);
  const deadLetterTable = deadLetterRoute(p);
  const spec: SinkSpec = {
    table: p.target.target ?? 'console',
    schema: p.schema,
    mode,
    key: p.target.key,
    queryId: p.queryId,
    ...(deadLetterTable !== undefined && { deadLetterTable }),
  };
  switch (p.kind) {
    case 'PostgresSinkExec': {
      if (!config.postgresUrl) throw new ConfigError('INTO POSTGRES needs a connection: set K2O_POSTGRES_URL (postgres://user:password@host:port/db) or postgres.url in k2o.config.json');
      const [{ POSTGRES_DIALECT }, { PostgresSessions }] = await Promise.all([import('./postgres/postgresDialect.js'), import('./postgres/postgresSession.js')]);
      return new TransactionalSink(spec, POSTGRES_DIALECT, new PostgresSessions(config.postgresUrl));
    }
    case 'OracleSinkExec': {
      if (!config.oracleUrl) throw new ConfigError('INTO ORACLE needs a connection: set K2O_ORACLE_URL (oracle://user:password@host:1521/service) or oracle.url in k2o.config.json');
      const [{ ORACLE_DIALECT }, { OracleSessions }] = await Promise.all([import('./oracle/oracleDialect.js'), import('./oracle/oracleSession.js')]);
      return new TransactionalSink(spec, ORACLE_DIALECT, new OracleSessions(config.oracleUrl));
    }
    case 'ConsoleSinkExec': {
      const { ConsoleSink } = await import('./console/ConsoleSink.js');
      return new ConsoleSink(spec.schema);
    }
    case 'KafkaSinkExec':
      throw new ConfigError('INTO KAFKA is not run by this runtime yet');
  }
}

/**
 * The table of `DEAD LETTERS INTO`, which must be in the sink's own database:
 * dead letters commit in the batch's transaction (lowering reports the rest as
 * a runtime gap, which `k2o run` refuses; this guards other callers).
 */
function deadLetterRoute(p: SinkExec): string | undefined {
  const route = p.routes.deadLetters;
  if (route === undefined) return undefined;
  const sink = p.target.kind;
  if (route.kind !== sink) {
    throw new ConfigError(
      `DEAD LETTERS INTO ${route.kind.toUpperCase()} with INTO ${sink.toUpperCase()}: dead letters commit in the sink's transaction, so they go to a table of the same database`,
    );
  }
  return route.target;
}

export async function createSource(p: SinkExec, config: K2oConfig): Promise<Source> {
  const { source } = sourceOf(p);
  if (source.kind !== 'kafka' || !('names' in source.topics)) throw new ConfigError(`reading ${source.name} is not run by this runtime yet`);
  const { KafkaSource } = await import('./kafka/KafkaSource.js');
  return new KafkaSource({
    brokers: config.kafkaBrokers,
    topics: [...source.topics.names],
    // group_id is the group lag tools are pointed at, used as written; the compiler refuses two queries sharing one
    // (the group assigns partitions, so they would split the topic). Without it, one group per query.
    groupId: source.groupId ?? `k2o-${p.queryId}`,
    startingOffsets: source.startingOffsets,
    clientId: `k2o-${p.queryId}`,
  });
}

/** A setting the user must supply: printed as a one-line message, not a stack trace. */
export class ConfigError extends Error {}
