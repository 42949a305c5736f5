import type { ConnectorDescriptor } from '../../core/ConnectorDescriptor.js';
import { POSTGRES_TABLE_TYPES } from './postgresTableTypes.js';

export const POSTGRES: ConnectorDescriptor = {
  name: 'postgres',
  displayName: 'PostgreSQL',
  roles: ['tableSource', 'sink', 'deadLetters'],
  target: 'table',
  transactional: true,
  deadLetters: 'k2o_dead_letters beside the sink table',
  writeModes: ['append', 'update', 'complete'],
  connection: { key: 'postgres', example: 'postgres://user:password@host:port/db' },
  names: { maxLength: 63 }, // NAMEDATALEN - 1: PostgreSQL silently truncates longer names
  options: {},
  tableTypes: POSTGRES_TABLE_TYPES,
};
