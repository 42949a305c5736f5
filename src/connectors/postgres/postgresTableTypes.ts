import type { NativeType, TableTypes } from '../../core/ConnectorDescriptor.js';
import { BIGINT, BOOLEAN, DOUBLE, INT, STRING, TIMESTAMP, type SqlType } from '../../core/SqlType.js';

/**
 * PostgreSQL's own type names in CREATE TABLE … IN POSTGRES, each with the k2o
 * type queries are checked against. Names k2o has itself (STRING, DOUBLE, DATE,
 * TIMESTAMP, NUMERIC, …) keep k2o's meaning and are created as k2o creates a
 * sink column: a TIMESTAMP is an instant, created TIMESTAMPTZ. Only types that
 * hold a k2o type's values without loss are here (no SMALLINT, REAL or CHAR(n)),
 * so a query can write every column it is checked against.
 */
const NAMES: Record<string, (params: readonly number[]) => SqlType | undefined> = {
  VARCHAR: (p) => (p.length === 1 ? STRING : undefined),
  INT4: () => INT,
  INT8: () => BIGINT,
  FLOAT8: () => DOUBLE,
  BOOL: () => BOOLEAN,
  TIMESTAMPTZ: () => TIMESTAMP,
  'TIMESTAMP WITH TIME ZONE': () => TIMESTAMP,
  JSON: () => STRING,
  JSONB: () => STRING,
};

export const POSTGRES_TABLE_TYPES: TableTypes = {
  read(name, params): NativeType | undefined {
    const type = NAMES[name]?.(params);
    return type && { type, ddl: params.length > 0 ? `${name}(${params.join(',')})` : name };
  },
  spell(t, length) {
    switch (t.kind) {
      case 'STRING':
      case 'UNKNOWN':
        return length === undefined ? 'TEXT' : `VARCHAR(${length})`;
      case 'DECIMAL':
        return `NUMERIC(${t.precision ?? 38},${t.scale ?? 0})`;
      case 'DOUBLE':
        return 'DOUBLE PRECISION';
      case 'TIMESTAMP':
        return 'TIMESTAMPTZ';
      case 'INT':
        return 'INTEGER';
      default:
        return t.kind;
    }
  },
};
