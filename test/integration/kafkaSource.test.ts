import { KafkaSource } from '../../src/connectors/kafka/KafkaSource.js';
import { runSourceConformance } from './sourceConformance.js';

// Needs the local broker: scripts/services.sh start
runSourceConformance('kafkajs (KafkaSource)', (options) => new KafkaSource(options));
