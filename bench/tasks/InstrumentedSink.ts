import type { StoredState } from '../../src/runtime/ports/StateEntries.js';
import type { Sink, SourceOffset } from '../../src/runtime/ports/Sink.js';

/**
 * A Sink that passes everything through, reports the moment each batch's
 * transaction has committed, and adds up the time spent writing: while the
 * runtime waits for the database it does nothing else, so this share of the
 * wall time is what overlapping writes with the next batch could win.
 */
export class InstrumentedSink implements Sink {
  writeMillis = 0;
  /** State entries the batches wrote and deleted, and the bytes of the written ones' values: what incremental state costs a commit. */
  readonly stateWrites = { put: 0, deleted: 0, bytes: 0 };

  constructor(
    private readonly inner: Sink,
    private readonly onCommitted: (rows: number) => void,
  ) {}

  open(): Promise<void> {
    return this.inner.open();
  }

  readOffsets(): Promise<SourceOffset[]> {
    return this.inner.readOffsets();
  }

  readState(): Promise<StoredState | undefined> {
    return this.inner.readState();
  }

  // Rest parameters: whatever the Sink interface passes (state, dead letters, …) goes through.
  async writeBatch(...args: Parameters<Sink['writeBatch']>): Promise<void> {
    const started = performance.now();
    await this.inner.writeBatch(...args);
    this.writeMillis += performance.now() - started;
    const state = args[2];
    if (state) {
      this.stateWrites.put += state.put.length;
      this.stateWrites.deleted += state.deleted.length;
      for (const e of state.put) this.stateWrites.bytes += e.value.length;
    }
    this.onCommitted(args[0].length);
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
