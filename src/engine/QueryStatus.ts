/**
 * Where a query is in its life (Spark's StreamingQuery states, plus RETRYING):
 * CREATED → RUNNING ⇄ RETRYING → STOPPED | FAILED | COMPLETED, and RUNNING →
 * STANDBY → RUNNING for a second process of a query, while the first one runs.
 */
export type QueryStatus =
  | { readonly state: 'CREATED' }
  | { readonly state: 'RUNNING' }
  /** The sink, or the broker (at the query's start or lost while it runs), failed and the retry policy waits before the next attempt. */
  | { readonly state: 'RETRYING'; readonly error: Error; readonly nextAttemptAt: Date }
  /** Another process runs this query; this one takes over when that one stops (hot standby). */
  | { readonly state: 'STANDBY'; readonly since: Date }
  /** `stop()` (or the engine's) ended it; what it wrote is committed. */
  | { readonly state: 'STOPPED' }
  | { readonly state: 'FAILED'; readonly error: Error }
  /** A bounded trigger (AVAILABLE NOW, ONCE) read all it was to read. */
  | { readonly state: 'COMPLETED' };

export type QueryState = QueryStatus['state'];

export function isTerminal(status: QueryStatus): boolean {
  return status.state === 'STOPPED' || status.state === 'FAILED' || status.state === 'COMPLETED';
}
