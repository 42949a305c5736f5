import type { FencedBatch } from './ComputedBatch.js';

/**
 * The one batch commit that may run while the next batch is polled and
 * computed. Its failure is held here, not left unhandled, until the loop asks:
 * before it computes more, and before it starts the next commit.
 */
export class CommitInFlight {
  private current: Promise<void> = Promise.resolve();
  private ended = true;
  private fenced: FencedBatch | undefined;
  private failure: { readonly error: unknown } | undefined;

  start(commit: Promise<FencedBatch | undefined>): void {
    this.ended = false;
    this.current = commit.then(
      (fenced) => {
        this.fenced = fenced;
        this.ended = true;
      },
      (error: unknown) => {
        this.failure = { error };
        this.ended = true;
      },
    );
  }

  /** Waits for the commit in flight: its fence, taken once, or its error, thrown. */
  async settled(): Promise<FencedBatch | undefined> {
    await this.current;
    return this.take();
  }

  /** The same, without waiting: undefined while it is still running. */
  fencedNow(): FencedBatch | undefined {
    return this.ended ? this.take() : undefined;
  }

  /** Waits for the commit in flight to end, whatever its outcome, leaving that for settled(). */
  async finished(): Promise<void> {
    await this.current;
  }

  private take(): FencedBatch | undefined {
    if (this.failure) throw this.failure.error;
    const fenced = this.fenced;
    this.fenced = undefined;
    return fenced;
  }
}
