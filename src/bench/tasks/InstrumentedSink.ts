import type { Row } from '../../runtime/Row.js';
import type { Sink, SourceOffset } from '../../connectors/Sink.js';

/**
 * A Sink that passes everything through, reports the moment each batch's
 * transaction has committed, and adds up the time spent writing: while the
 * runtime waits for the database it does nothing else, so this share of the
 * wall time is what overlapping writes with the next batch could win.
 */
export class InstrumentedSink implements Sink {
  writeMillis = 0;

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

  readState(): Promise<string | undefined> {
    return this.inner.readState();
  }

  async writeBatch(rows: readonly Row[], offsets: readonly SourceOffset[], state?: string): Promise<void> {
    const started = performance.now();
    await this.inner.writeBatch(rows, offsets, state);
    this.writeMillis += performance.now() - started;
    this.onCommitted(rows.length);
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
