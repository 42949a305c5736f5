import { randomBytes } from 'node:crypto';
import type { Source, SourceRecord } from '../../src/runtime/ports/Source.js';
import type { Kafka } from 'kafkajs';
import { produceJson } from '../../src/connectors/kafka/produceJson.js';

/** A topic or group name no earlier run has used, so tests never see old data. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now()}-${randomBytes(3).toString('hex')}`;
}

/** Polls until `count` records arrived or `timeoutMs` passed; checks every batch's size. */
export async function pollCount(source: Source, count: number, maxRecords: number, timeoutMs = 30_000): Promise<SourceRecord[]> {
  const records: SourceRecord[] = [];
  const deadline = Date.now() + timeoutMs;
  while (records.length < count && Date.now() < deadline) {
    const batch = await source.poll(maxRecords, 500);
    if (batch.length > maxRecords) throw new Error(`poll(${maxRecords}) returned ${batch.length} records`);
    records.push(...batch);
  }
  return records;
}

/** The JSON value of a record produced by these tests. */
export function valueOf<T>(record: SourceRecord): T {
  if (record.value === null) throw new Error(`record at offset ${record.offset} has no value`);
  return JSON.parse(record.value.toString('utf8')) as T;
}

/** Produces `{id}` records for ids `from` … `from + count - 1`, id `i` into partition `i % partitions`. */
export async function produceIds(kafka: Kafka, topic: string, from: number, count: number, partitions: number): Promise<void> {
  const ids = Array.from({ length: count }, (_, i) => from + i);
  await produceJson(
    kafka,
    topic,
    ids.map((id) => ({ value: { id }, partition: id % partitions })),
  );
}
