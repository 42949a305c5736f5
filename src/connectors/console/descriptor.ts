import type { ConnectorDescriptor } from '../../core/ConnectorDescriptor.js';

/** The one connector written without a target: the grammar knows CONSOLE as a word. */
export const CONSOLE: ConnectorDescriptor = {
  name: 'console',
  displayName: 'the console',
  roles: ['sink', 'deadLetters'],
  target: 'none',
  transactional: false,
  deadLetters: 'stderr',
  writeModes: ['append', 'update', 'complete'],
  options: {},
};
