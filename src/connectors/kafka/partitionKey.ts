/** Map key for one topic partition (topic names cannot contain NUL). */
export function partitionKey(topic: string, partition: number): string {
  return `${topic}\u0000${partition}`;
}
