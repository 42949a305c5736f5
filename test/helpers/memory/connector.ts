import type { ConnectorModule } from '../../../src/connectors/ConnectorModule.js';
import { MemorySink } from './MemorySink.js';

export const createSink: ConnectorModule['createSink'] = (spec) => new MemorySink(spec);
