import type { RegisteredConnector } from '../../../src/connectors/ConnectorModule.js';
import { CONNECTORS } from '../../../src/connectors/registry.js';
import { MEMORY } from './descriptor.js';

/** k2o's registry and one line more: all a new connector adds outside its folder. */
export const REGISTRY_WITH_MEMORY: readonly RegisteredConnector[] = [
  ...CONNECTORS,
  { descriptor: MEMORY, load: () => import('./connector.js') },
];
