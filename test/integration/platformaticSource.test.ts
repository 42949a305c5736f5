import { PlatformaticSource } from '../../src/connectors/kafka/platformatic/PlatformaticSource.js';
import { runSourceConformance } from './sourceConformance.js';

// Needs the local broker: scripts/services.sh start
runSourceConformance('@platformatic/kafka (PlatformaticSource)', (options) => new PlatformaticSource(options));
