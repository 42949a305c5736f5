/**
 * How many key groups a stateful operator's keys hash into: the most processes
 * a query's state could later be spread over, as Flink's maximum parallelism.
 * Changing it moves keys between groups, so it is part of the stored format.
 */
export const KEY_GROUPS = 128;

/** The key group of a group key's text: FNV-1a over its UTF-16 code units, which is stable across processes and versions. */
export function keyGroupOf(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % KEY_GROUPS;
}
