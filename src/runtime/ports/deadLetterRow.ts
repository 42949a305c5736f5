import { isUtf8 } from 'node:buffer';
import type { DeadLetterRow } from './Sink.js';
import type { SourceRecord } from './Source.js';

/** Starts a key or value stored as base64 rather than as its text. */
export const BASE64_MARKER = 'base64:';

/**
 * Reasons are cut to this many UTF-16 units: at most 3,000 UTF-8 bytes, within
 * Oracle's VARCHAR2(4000 BYTE). A reason quotes the offending field value, which
 * may be long; the whole value is in the record's value column anyway.
 */
export const MAX_REASON_LENGTH = 1000;

/**
 * Record bytes as dead-letter text: the UTF-8 text itself when the bytes are valid
 * UTF-8, hold no NUL (PostgreSQL text cannot store U+0000) and do not begin with
 * the marker; otherwise the marker and the bytes in base64. So every value is
 * stored, and `recordBytes` gets the exact bytes back.
 */
export function recordText(bytes: Buffer | null): string | null {
  if (bytes === null) return null;
  if (isUtf8(bytes) && !bytes.includes(0)) {
    const text = bytes.toString('utf8');
    if (!text.startsWith(BASE64_MARKER)) return text;
  }
  return BASE64_MARKER + bytes.toString('base64');
}

/** The bytes `recordText` stored. */
export function recordBytes(text: string | null): Buffer | null {
  if (text === null) return null;
  if (text.startsWith(BASE64_MARKER)) return Buffer.from(text.slice(BASE64_MARKER.length), 'base64');
  return Buffer.from(text, 'utf8');
}

/** A record and why it failed, as the row a sink stores. */
export function deadLetterRow(record: SourceRecord, reason: string): DeadLetterRow {
  return {
    topic: record.topic,
    partition: record.partition,
    offset: record.offset,
    timestamp: record.timestamp,
    key: recordText(record.key),
    value: recordText(record.value),
    reason: storableReason(reason),
  };
}

/**
 * A reason the dead-letter table can hold: NUL spelled out (a JSON.parse message
 * quotes the input, NULs included) and cut to MAX_REASON_LENGTH without splitting
 * a surrogate pair.
 */
export function storableReason(reason: string): string {
  const text = reason.replaceAll('\u0000', '\\u0000');
  if (text.length <= MAX_REASON_LENGTH) return text;
  let end = MAX_REASON_LENGTH - 1;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return `${text.slice(0, end)}…`;
}
