import type { StoredState } from '../../../src/runtime/ports/StateEntries.js';
import type { Row } from '../../../src/core/Schema.js';
import type { Sink, SinkSpec, SourceOffset } from '../../../src/runtime/ports/Sink.js';

/** What every MemorySink has written, by table: the test reads it back. */
export const MEMORY_TABLES = new Map<string, { readonly spec: SinkSpec; readonly rows: Row[]; offsets: readonly SourceOffset[] }>();

/** Rows and offsets of a batch replace the table's in one step, as a transaction would. */
export class MemorySink implements Sink {
  constructor(private readonly spec: SinkSpec) {}

  async open(): Promise<void> {
    if (!MEMORY_TABLES.has(this.spec.table)) MEMORY_TABLES.set(this.spec.table, { spec: this.spec, rows: [], offsets: [] });
  }

  async readOffsets(): Promise<SourceOffset[]> {
    return [...this.table().offsets];
  }

  async readState(): Promise<StoredState | undefined> {
    return undefined;
  }

  async writeBatch(rows: readonly Row[], offsets: readonly SourceOffset[]): Promise<void> {
    const t = this.table();
    t.rows.push(...rows);
    t.offsets = offsets;
  }

  async close(): Promise<void> {}

  private table() {
    const t = MEMORY_TABLES.get(this.spec.table);
    if (!t) throw new Error(`memory table ${this.spec.table} was not opened`);
    return t;
  }
}
