import type { Kafka } from 'kafkajs';
import { withAdmin } from './kafkaClient.js';

/**
 * How often a topic pattern is matched against the broker's topics again: a
 * topic created while the query runs is read within this time plus one group
 * rebalance. (The Java consumer that Spark uses looks again every
 * `metadata.max.age.ms`, five minutes by default.)
 */
export const TOPIC_REFRESH_MS = 5_000;

/**
 * The topics whose whole name matches `pattern` (as the Java consumer's
 * subscribe(Pattern) matches), sorted; internal topics (`__consumer_offsets`,
 * `__transaction_state`) are left out, as `exclude.internal.topics` does.
 */
export function topicsMatching(pattern: string, topics: readonly string[]): string[] {
  const re = new RegExp(`^(?:${pattern})$`);
  return topics.filter((t) => !t.startsWith('__') && re.test(t)).sort();
}

export async function matchingTopics(kafka: Kafka, pattern: string): Promise<string[]> {
  return topicsMatching(pattern, await withAdmin(kafka, (admin) => admin.listTopics()));
}
