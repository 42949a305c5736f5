import type { Result } from '../Scenario.js';

/** The Kafka limit a query is held to: the client k2o uses (kafkajs), JSON decode included. */
export const KAFKA_CEILING_ID = 'L2';
/** The sink limits a query is held to: the fastest raw driver method. */
export const SINK_CEILING_IDS = ['L7', 'L7b', 'L8', 'L9'];

export interface Ceiling {
  /** Records/s. */
  readonly rate: number;
  readonly basis: string;
}

/**
 * The most a query could do on this machine: the lower of the Kafka consume
 * rate and the sink insert rate, the latter scaled by the query's rows out per
 * record in (a filter that keeps 70% of the records needs 0.7 rows written per
 * record read). Each limit is measured alone; run together they share the two
 * cores with the broker and the database, so the ceiling is optimistic.
 * `sinkIds` empty: no limit of the query's sink is measured (Oracle), Kafka's alone.
 */
export function ceilingFor(
  results: readonly Result[],
  rowsPerRecord: number,
  sinkIds: readonly string[] = SINK_CEILING_IDS,
): Ceiling | undefined {
  const kafka = results.find((r) => r.id === KAFKA_CEILING_ID)?.rate;
  if (kafka !== undefined && sinkIds.length === 0)
    return { rate: kafka, basis: `${KAFKA_CEILING_ID} (Kafka; no limit of this sink measured)` };
  const sinks = results.filter((r) => sinkIds.includes(r.id) && r.rate !== undefined);
  const sink = sinks.sort((a, b) => b.rate! - a.rate!)[0];
  if (kafka === undefined || sink === undefined) return undefined;
  const sinkAsRecords = rowsPerRecord > 0 ? sink.rate! / rowsPerRecord : Infinity;
  return kafka <= sinkAsRecords
    ? { rate: kafka, basis: `${KAFKA_CEILING_ID} (Kafka)` }
    : { rate: sinkAsRecords, basis: `${sink.id} (sink) / ${rowsPerRecord.toFixed(2)} rows per record` };
}
