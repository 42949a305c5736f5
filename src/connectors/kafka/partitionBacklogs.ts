/**
 * Each known partition's records not yet delivered, as far as the last fetches
 * know (by partitionKey): what a poll shares its records by (RoundRobinBuffer's
 * take), so that the partitions of a backlog move through it together.
 */
export function partitionBacklogs(
  logEnds: ReadonlyMap<string, { readonly high: bigint }>,
  delivered: ReadonlyMap<string, bigint>,
): Map<string, number> {
  const backlogs = new Map<string, number>();
  for (const [key, end] of logEnds) {
    const left = end.high - (delivered.get(key) ?? 0n);
    if (left > 0n) backlogs.set(key, Number(left));
  }
  return backlogs;
}

/** The partitions with records not yet delivered (a backlog above): what holds a watermark back. */
export function pendingPartitions(
  logEnds: ReadonlyMap<string, { readonly topic: string; readonly partition: number; readonly high: bigint }>,
  delivered: ReadonlyMap<string, bigint>,
): { topic: string; partition: number }[] {
  return [...logEnds]
    .filter(([key, end]) => (delivered.get(key) ?? 0n) < end.high)
    .map(([, end]) => ({ topic: end.topic, partition: end.partition }));
}
