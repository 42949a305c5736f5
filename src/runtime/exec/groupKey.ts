/**
 * The map key of a group: equal for equal group-key values, different for the
 * number 1 and the string '1', and cheap for the common single key.
 */
export function groupId(keys: readonly unknown[]): string {
  return keys.length === 0 ? '' : keys.length === 1 ? String(keys[0]) + typeof keys[0] : JSON.stringify(keys);
}
