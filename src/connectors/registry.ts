import { connectorCatalog, type ConnectorCatalog, type ConnectorDescriptor } from '../core/ConnectorDescriptor.js';
import type { RegisteredConnector } from './ConnectorModule.js';
import { CONSOLE } from './console/descriptor.js';
import { KAFKA } from './kafka/descriptor.js';
import { ORACLE } from './oracle/descriptor.js';
import { POSTGRES } from './postgres/descriptor.js';

/**
 * Every connector k2o ships, one line each (as Arroyo lists its connectors).
 * A new connector is a folder with `descriptor.ts` and `connector.ts` plus a
 * line here; docs/connectors.md says what goes in them.
 */
export const CONNECTORS: readonly RegisteredConnector[] = [
  { descriptor: ORACLE, load: () => import('./oracle/connector.js') },
  { descriptor: POSTGRES, load: () => import('./postgres/connector.js') },
  { descriptor: KAFKA, load: () => import('./kafka/connector.js') },
  { descriptor: CONSOLE, load: () => import('./console/connector.js') },
];

export const BUILTIN_DESCRIPTORS: readonly ConnectorDescriptor[] = CONNECTORS.map((c) => c.descriptor);

/** What `compile` knows unless told otherwise. */
export const BUILTIN_CONNECTORS: ConnectorCatalog = connectorCatalog(BUILTIN_DESCRIPTORS);
