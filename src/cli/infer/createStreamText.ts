import { keywordNames } from '../../../grammar/tokens.js';
import { eventTimeColumn } from './eventTimeColumn.js';
import type { InferredColumn } from './inferColumns.js';

const KEYWORDS = new Set(keywordNames.map((k) => k.toLowerCase()));

/** A name as the language reads it back unchanged: bare when it is a plain lower-case non-keyword, else quoted. */
export function sqlName(name: string): string {
  return /^[a-z_][a-z0-9_]*$/.test(name) && !KEYWORDS.has(name) ? name : `"${name.replace(/"/g, '""')}"`;
}

/** A stream name for a topic: `orders.v2` → `orders_v2`. */
export function streamNameFor(topic: string): string {
  const name = topic.toLowerCase().replace(/[^a-z0-9_]/g, '_');
  return sqlName(/^[a-z_]/.test(name) ? name : `_${name}`);
}

function sqlString(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

export interface CreateStreamInput {
  readonly topic: string;
  readonly columns: readonly InferredColumn[];
  /** Records the columns were inferred from. */
  readonly sampled: number;
  /** Records that were not JSON objects, left out of the inference. */
  readonly skipped: number;
}

/**
 * The CREATE STREAM `k2o infer` prints: a header saying what it was inferred
 * from, a column a line (with a comment where the type is a guess), a WATERMARK
 * on the likeliest event-time column with the default 30-second delay, and the
 * topic and format.
 */
export function createStreamText({ topic, columns, sampled, skipped }: CreateStreamInput): string {
  const eventTime = eventTimeColumn(columns);
  const lines = columns.map((c) => ({ text: `  ${sqlName(c.field)} ${c.type}${c.notNull ? ' NOT NULL' : ''}`, note: c.note }));
  if (eventTime) {
    const col = sqlName(eventTime.field);
    lines.push({
      text: `  WATERMARK FOR ${col} AS ${col} - INTERVAL '30' SECOND`,
      note: 'event time guessed from the name; set the delay to the lateness you expect',
    });
  }
  const body = lines.map((l, i) => `${l.text}${i < lines.length - 1 ? ',' : ''}${l.note ? ` -- ${l.note}` : ''}`);
  const header = [`-- inferred by k2o infer from ${sampled} record${sampled === 1 ? '' : 's'} of topic ${topic}`];
  if (skipped > 0) header.push(`-- ${skipped} record${skipped === 1 ? ' was' : 's were'} not a JSON object and left out`);
  if (!eventTime) header.push('-- no TIMESTAMP column with an event-time name: add a WATERMARK before windowing');
  return [...header, `CREATE STREAM ${streamNameFor(topic)} (`, ...body, `) WITH (topic = ${sqlString(topic)}, format = 'json');`].join(
    '\n',
  );
}
