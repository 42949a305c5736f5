import type { ConnectorDescriptor } from '../../core/ConnectorDescriptor.js';
import { ORACLE_TABLE_TYPES } from './oracleTableTypes.js';

export const ORACLE: ConnectorDescriptor = {
  name: 'oracle',
  displayName: 'Oracle',
  roles: ['tableSource', 'sink', 'deadLetters'],
  target: 'table',
  transactional: true,
  deadLetters: 'K2O_DEAD_LETTERS beside the sink table',
  writeModes: ['append', 'update', 'complete'],
  connection: { key: 'oracle', example: 'oracle://user:password@host:1521/service' },
  names: { maxLength: 128 }, // 12.2 and later; 19c is the oldest release k2o targets
  options: {},
  tableTypes: ORACLE_TABLE_TYPES,
};
