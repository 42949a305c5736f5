import type { StoredState } from '../../src/runtime/ports/StateEntries.js';
import type { Row } from '../../src/core/Schema.js';
import type { Sink, SourceOffset } from '../../src/runtime/ports/Sink.js';

/**
 * What a table would hold after the rows the sink port received, the output mode
 * applied in memory: APPEND adds, UPDATE replaces the row with the same key (NULLs
 * equal, as one SQL group), COMPLETE replaces everything. Offsets and state stay
 * in memory: one runner, no restart.
 */
export class CaptureSink implements Sink {
  private appended: Row[] = [];
  private readonly byKey = new Map<string, Row>();

  constructor(
    private readonly mode: string,
    private readonly keyIndexes: readonly number[],
  ) {}

  rows(): Row[] {
    return this.mode === 'update' ? [...this.byKey.values()] : this.appended;
  }

  async open(): Promise<void> {}
  async readOffsets(): Promise<SourceOffset[]> {
    return [];
  }
  async readState(): Promise<StoredState | undefined> {
    return undefined;
  }
  async writeBatch(rows: readonly Row[]): Promise<void> {
    if (this.mode === 'complete') this.appended = [...rows];
    else if (this.mode === 'append') this.appended.push(...rows);
    else for (const r of rows) this.byKey.set(JSON.stringify(this.keyIndexes.map((i) => r[i])), r);
  }
  async close(): Promise<void> {}
}
