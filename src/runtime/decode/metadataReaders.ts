import type { SourceRecord } from '../ports/Source.js';

/** What the processing metadata columns hold for one batch. */
export interface ProcessingInfo {
  readonly queryId: string;
  /** When the batch started, epoch ms. */
  readonly batchStartedAt: number;
}

/** Reads a metadata column from the record instead of its value; undefined for a column of the value. */
export function metadataReader(name: string, p: ProcessingInfo): ((r: SourceRecord) => unknown) | undefined {
  switch (name) {
    case '_topic':
      return (r) => r.topic;
    case '_partition':
      return (r) => r.partition;
    case '_offset':
      return (r) => Number(r.offset);
    case '_timestamp':
      return (r) => r.timestamp;
    case '_key':
      return (r) => (r.key === null ? null : r.key.toString('utf8'));
    case '_headers':
      return (r) => headersText(r.headers);
    case 'processed_at':
      return () => p.batchStartedAt;
    case 'pipeline_name':
      return () => p.queryId;
    case 'processing_date': {
      const date = new Date(p.batchStartedAt).toISOString().slice(0, 10);
      return () => date;
    }
    default:
      return undefined;
  }
}

/**
 * A record's headers as JSON object text, each value as UTF-8 text (a header
 * sent several times: the array of its values, in order); NULL when the
 * record has none, as Spark's `headers` column is.
 */
export function headersText(headers: SourceRecord['headers']): string | null {
  if (headers === undefined) return null;
  const out: Record<string, string | null | (string | null)[]> = {};
  const text = (v: Buffer | string | undefined): string | null => (v === undefined ? null : v.toString());
  for (const [name, value] of Object.entries(headers))
    out[name] = typeof value === 'string' || value === undefined || Buffer.isBuffer(value) ? text(value) : value.map(text);
  return Object.keys(out).length === 0 ? null : JSON.stringify(out);
}
