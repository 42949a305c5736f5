/**
 * A batch did not start at the offsets stored for its query: another process of
 * the same query committed since this one last read them (a hand-over, two
 * processes sharing partitions). Nothing of the batch was written; the process
 * must re-read the stored offsets and state and go on from there, so retrying
 * the same batch cannot help.
 */
export class BatchFencedError extends Error {
  readonly retriable = false;
  constructor(
    readonly queryId: string,
    readonly detail: string,
  ) {
    super(`query ${queryId}: the batch does not start at the stored offsets (${detail}); another process committed for this query`);
  }
}
