import type { NativeType, TableTypes } from '../../core/ConnectorDescriptor.js';
import { decimal, DOUBLE, STRING, TIMESTAMP, type SqlType } from '../../core/SqlType.js';

/**
 * Oracle's own type names in CREATE TABLE … IN ORACLE, each with the k2o type
 * queries are checked against. Names k2o has itself (STRING, DOUBLE, DATE,
 * TIMESTAMP, …) keep k2o's meaning and are created as k2o creates a sink column.
 */
const NAMES: Record<string, (params: readonly number[]) => SqlType | undefined> = {
  VARCHAR2: () => STRING,
  NVARCHAR2: () => STRING,
  NCHAR: () => STRING,
  CHAR: () => STRING,
  CLOB: () => STRING,
  NCLOB: () => STRING,
  // NUMBER(p, s) and NUMBER(p) as DECIMAL; a bare NUMBER as Spark's JDBC reader reads it: DECIMAL(38,10).
  NUMBER: (p) => (p.length === 0 ? decimal(38, 10) : decimal(p[0]!, p[1] ?? 0)),
  BINARY_DOUBLE: () => DOUBLE,
  BINARY_FLOAT: () => DOUBLE,
  FLOAT: () => DOUBLE,
  'TIMESTAMP WITH TIME ZONE': () => TIMESTAMP,
  'TIMESTAMP WITH LOCAL TIME ZONE': () => TIMESTAMP,
};

export const ORACLE_TABLE_TYPES: TableTypes = {
  read(name, params): NativeType | undefined {
    const type = NAMES[name]?.(params);
    if (!type) return undefined;
    // TIMESTAMP(3) WITH TIME ZONE: the precision goes after TIMESTAMP.
    const [head, ...rest] = name.split(' ');
    const ddl = [params.length > 0 ? `${head}(${params.join(',')})` : head, ...rest].join(' ');
    return { type, ddl };
  },
  spell(t, length) {
    switch (t.kind) {
      case 'STRING':
      case 'UNKNOWN':
        return length === undefined ? 'CLOB' : `VARCHAR2(${length})`;
      case 'DECIMAL':
        return `NUMBER(${t.precision ?? 38},${t.scale ?? 0})`;
      case 'DOUBLE':
        return 'BINARY_DOUBLE';
      case 'TIMESTAMP':
        return 'TIMESTAMP WITH TIME ZONE';
      case 'INT':
        return 'NUMBER(10)';
      case 'BIGINT':
        return 'NUMBER(19)';
      case 'BOOLEAN':
        return 'NUMBER(1)';
      default:
        return t.kind;
    }
  },
};
