import { BIGINT, DATE, INT, STRING, TIMESTAMP } from '../../core/SqlType.js';
import type { Column } from '../../core/Schema.js';

/**
 * Columns every Kafka source has besides its value's fields: where the record came
 * from, and when and by which query it is processed. A declared column of the
 * same name wins over these.
 */
export const KAFKA_METADATA_COLUMNS: readonly Column[] = [
  { name: '_topic', type: STRING, nullable: false, metadata: true },
  { name: '_partition', type: INT, nullable: false, metadata: true },
  { name: '_offset', type: BIGINT, nullable: false, metadata: true },
  { name: '_timestamp', type: TIMESTAMP, nullable: false, metadata: true },
  { name: '_key', type: STRING, nullable: true, metadata: true },
  /** JSON object text of the record's headers (metadataReaders.ts), NULL when it has none. */
  { name: '_headers', type: STRING, nullable: true, metadata: true },
];

export const PROCESSING_METADATA_COLUMNS: readonly Column[] = [
  { name: 'processed_at', type: TIMESTAMP, nullable: false, metadata: true },
  { name: 'pipeline_name', type: STRING, nullable: false, metadata: true },
  { name: 'processing_date', type: DATE, nullable: false, metadata: true },
];

export const METADATA_COLUMNS: readonly Column[] = [...KAFKA_METADATA_COLUMNS, ...PROCESSING_METADATA_COLUMNS];
