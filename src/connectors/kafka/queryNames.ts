/** The names a query owns in Kafka, derived from its name so that every process of the query finds the same ones. */

/** Where a Kafka sink's dead letters go without a DEAD LETTERS INTO route: one topic for every query, each letter naming its query. */
export const DEAD_LETTER_TOPIC = 'k2o_dead_letters';

/** Kafka topic names take letters, digits, '.', '_' and '-', up to 249 characters. */
function topicSafe(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 200);
}

/** The query's own producer id: one per query, so a second process of it fences the first. */
export function transactionalIdOf(queryId: string): string {
  return `k2o-${queryId}`;
}

/** The k2o-owned, compacted topic that holds a query's operator state, one record per committed batch. */
export function stateTopicOf(queryId: string): string {
  return `k2o_state.${topicSafe(queryId)}`;
}

/**
 * The query's consumer group: `group_id` as declared, else one of its own. Two
 * queries never share one (the compiler refuses it), since the group assigns
 * partitions. A Kafka sink commits the query's offsets to it.
 */
export function consumerGroupOf(queryId: string, groupId: string | undefined): string {
  return groupId ?? `k2o-${queryId}`;
}
