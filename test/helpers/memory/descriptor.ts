import type { ConnectorDescriptor } from '../../../src/core/ConnectorDescriptor.js';

/**
 * A connector the product does not have, for the test that shows a new sink is
 * a folder and a registry line: rows kept in memory, append only, one option.
 */
export const MEMORY: ConnectorDescriptor = {
  name: 'memory',
  displayName: 'memory',
  roles: ['sink'],
  target: 'table',
  transactional: false,
  deadLetters: 'stderr',
  writeModes: ['append'],
  options: { label: 'string' },
};
