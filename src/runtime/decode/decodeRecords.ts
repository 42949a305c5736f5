import type { SourceExec } from '../../plan/physical/PhysicalPlan.js';
import type { SourceRecord } from '../ports/Source.js';
import { decodeCsv } from './decodeCsv.js';
import { decodeJson, type Decoded } from './decodeJson.js';
import type { ProcessingInfo } from './metadataReaders.js';

/** Record values → rows of the source's schema, in the stream's format. */
export function decodeRecords(records: readonly SourceRecord[], source: SourceExec, processing: ProcessingInfo): Decoded {
  const csv = source.kind === 'StreamSourceExec' && source.source.format === 'csv' ? source.source.csv : undefined;
  return csv ? decodeCsv(records, source.schema, csv, processing) : decodeJson(records, source.schema, processing);
}
