import type { ConnectorModule } from '../ConnectorModule.js';
import { ConsoleSink } from './ConsoleSink.js';

export const createSink: ConnectorModule['createSink'] = (spec) => new ConsoleSink(spec.schema);
