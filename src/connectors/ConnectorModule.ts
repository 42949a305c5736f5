import type { ConnectorDescriptor } from '../core/ConnectorDescriptor.js';
import type { ColumnProblem, DeclaredTable } from './relational/declaredTable.js';
import type { ConsumerSettings, StartingOffsets } from '../core/SourceDef.js';
import type { K2oConfig } from '../config/K2oConfig.js';
import type { Sink, SinkSpec } from '../runtime/ports/Sink.js';
import type { Source } from '../runtime/ports/Source.js';
import type { TableReadSpec, TableSource } from '../runtime/ports/TableSource.js';
import type { CopyTarget } from '../runtime/ports/CopyTarget.js';

/** What a stream source is asked to read: the topics of one query. */
export interface StreamSourceSpec {
  /** The topics read, unless `topicPattern` is given: then every topic whose whole name matches it. */
  readonly topics: readonly string[];
  readonly topicPattern?: string;
  /** Names the query's consumer group and client. */
  readonly queryId: string;
  /** The declared `group_id`, prefixing the query's own group. */
  readonly groupId?: string;
  readonly startingOffsets: StartingOffsets;
  readonly consumer?: ConsumerSettings;
}

/**
 * A connector's implementation (its folder's `connector.ts`): a sink, a stream
 * source, a table source, a batch copy's target. A role the module lacks is one
 * the runtime does not run.
 */
export interface ConnectorModule {
  createSink?(spec: SinkSpec, config: K2oConfig): Sink;
  createStreamSource?(spec: StreamSourceSpec, config: K2oConfig): Source;
  createTableSource?(spec: TableReadSpec, config: K2oConfig): TableSource;
  /** `spec.mode` is unused: the copy's InsertMode is given to each call. */
  createCopyTarget?(spec: SinkSpec, config: K2oConfig): CopyTarget;
  /** CREATE TABLE … IN it: creates the table when absent, else says how it differs from the declaration. */
  ensureTable?(def: DeclaredTable, config: K2oConfig): Promise<ColumnProblem[]>;
}

/** One line of the registry: the descriptor, and the import that loads the driver on first use. */
export interface RegisteredConnector {
  readonly descriptor: ConnectorDescriptor;
  readonly load: () => Promise<ConnectorModule>;
}
