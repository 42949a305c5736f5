import type { Column } from '../../core/Schema.js';
import type { Span } from '../../core/Span.js';
import type { ConsumerSettings, CsvFormat, StartingOffsets, StreamFormat } from '../../core/SourceDef.js';
import type { ConnectorCatalog } from '../../core/ConnectorDescriptor.js';
import type { ConnectorName } from '../../core/specs.js';

/** A Kafka source as declared by CREATE STREAM, or as implied by `FROM KAFKA name`. */
export interface StreamDef {
  readonly name: string;
  readonly topic: string;
  readonly format: StreamFormat;
  readonly csv?: CsvFormat;
  /** Declared columns; undefined when the stream was not declared (columns typed from use). */
  readonly columns?: readonly Column[];
  readonly watermark?: { readonly column: string; readonly delayMs: number };
  readonly startingOffsets: StartingOffsets;
  readonly groupId?: string;
  readonly consumer?: ConsumerSettings;
}

/** A database table as declared by CREATE TABLE … IN oracle|postgres|… (or known to the embedding program). */
export interface TableDef {
  readonly name: string;
  /** The connector that holds it (one whose target is a table). */
  readonly database: ConnectorName;
  readonly columns: readonly Column[];
  readonly primaryKey: readonly string[];
  /**
   * The columns declared with the database's own type names, by column name:
   * the DDL spelling the table is created with (`VARCHAR2(50)`). Other columns
   * are created as k2o creates a sink column of their type.
   */
  readonly ddlTypes?: Readonly<Record<string, string>>;
  /**
   * Primary-key columns declared without NOT NULL. The compiler treats every key
   * column as NOT NULL; the table is created so that a NULL key is one group of
   * its own (as the sink creates a key the query can write NULL into).
   */
  readonly nullableKey?: readonly string[];
  /** Where CREATE TABLE declared it, for the diagnostics of creating or checking it when the file runs. */
  readonly span?: Span;
}

/** What a program compiling k2o text already knows: streams and sink tables declared elsewhere. */
export interface Catalog {
  readonly streams: ReadonlyMap<string, StreamDef>;
  readonly tables: ReadonlyMap<string, TableDef>;
}

/** What names resolve against while analysing: the catalog, and the connectors this compilation knows. */
export interface AnalysisCatalog extends Catalog {
  readonly connectors: ConnectorCatalog;
}

export function emptyCatalog(): Catalog {
  return { streams: new Map(), tables: new Map() };
}

/**
 * An undeclared stream's watermark delay. Records may arrive out of order; 30 s
 * absorbs ordinary producer skew, and a declared WATERMARK overrides it.
 */
export const DEFAULT_WATERMARK_DELAY_MS = 30_000;
