import type { ConnectorName, WriteMode } from './specs.js';
import type { SqlType } from './SqlType.js';

/**
 * What a connector can stand for in a query: a stream read continuously
 * (`FROM kafka orders`), a table read once (`FROM postgres t`), where rows are
 * written (`INTO …`), where dead letters go (`DEAD LETTERS INTO …`).
 */
export type ConnectorRole = 'streamSource' | 'tableSource' | 'sink' | 'deadLetters';

/**
 * What follows the connector's name: a table (which CREATE TABLE … IN may
 * declare), a topic, or nothing (the console).
 */
export type ConnectorTarget = 'table' | 'topic' | 'none';

/** An option a query writing into the connector may give in WITH (…), by the kind of its value. */
export type ConnectorOptionKind = 'string' | 'positiveInteger';

/**
 * What the compiler and the runtime know of a connector without loading it:
 * pure data, so `k2o check` never imports a driver. Each connector folder has
 * one (`descriptor.ts`); the flat registry (src/connectors/registry.ts) lists
 * them with the code that loads their implementation.
 */
export interface ConnectorDescriptor {
  readonly name: ConnectorName;
  /** The product, for messages: 'PostgreSQL'. */
  readonly displayName: string;
  readonly roles: readonly ConnectorRole[];
  readonly target: ConnectorTarget;
  /** A batch's rows, source offsets and operator state commit in one transaction of the sink (exactly once). */
  readonly transactional: boolean;
  /**
   * Where its dead letters go without a DEAD LETTERS INTO route, as messages say
   * it ("k2o_dead_letters beside the sink table"). A transactional sink also takes
   * a route to a table of its own: it commits with the batch.
   */
  readonly deadLetters: string;
  /** The streaming modes it can write in. */
  readonly writeModes: readonly WriteMode[];
  /**
   * The roles that compile and plan but that the runtime cannot run yet, each
   * with what to do instead: `k2o run` refuses them (K4014).
   */
  readonly notYet?: Readonly<Partial<Record<ConnectorRole, string>>>;
  /**
   * Its connection setting: `<key>.url` in k2o.config.json, overridden by the
   * environment variable `K2O_<KEY>_URL`; `example` shows the URL's form.
   */
  readonly connection?: { readonly key: string; readonly example: string };
  /** For a table target: the longest name the database takes; names are checked by sqlNames.ts's rules. */
  readonly names?: { readonly maxLength: number };
  /** Options a query writing into it may give after INTO … WITH (…), passed to its sink. */
  readonly options: Readonly<Record<string, ConnectorOptionKind>>;
  /** For a table target: the database's own type names, which CREATE TABLE … IN it may use besides k2o's. */
  readonly tableTypes?: TableTypes;
}

/** A column type in a database's own words, as CREATE TABLE … IN it declares it. */
export interface NativeType {
  /** The k2o type the compiler checks queries with. */
  readonly type: SqlType;
  /** The DDL spelling the table is created with, as written: `VARCHAR2(50)`. */
  readonly ddl: string;
}

/** The type names of one database, as CREATE TABLE … IN it may write them. */
export interface TableTypes {
  /** The column type `name(params)` in this database (`name` upper-cased), or undefined when it has no such name. */
  readonly read: (name: string, params: readonly number[]) => NativeType | undefined;
  /** This database's spelling of a column of type `t` (of length `length`, for a string), for a type name of another database. */
  readonly spell: (t: SqlType, length: number | undefined) => string;
}

/** The connectors a compilation knows, by name. */
export type ConnectorCatalog = ReadonlyMap<ConnectorName, ConnectorDescriptor>;

export function connectorCatalog(descriptors: readonly ConnectorDescriptor[]): ConnectorCatalog {
  return new Map(descriptors.map((d) => [d.name, d]));
}

/** The word queries write, as messages show it: POSTGRES. */
export function connectorWord(name: ConnectorName): string {
  return name.toUpperCase();
}

/** Its operators' names in EXPLAIN: `postgres` → `Postgres` (PostgresSinkExec), `my_sink` → `MySink`. */
export function planName(name: ConnectorName): string {
  return name
    .split('_')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');
}
