import type { StateCommit, StoredState } from '../../runtime/ports/StateEntries.js';
import { partitionKey } from '../../runtime/ports/partitionKey.js';
import type { Row, Schema } from '../../core/Schema.js';
import type { DeadLetterRow, Sink, SourceOffset } from '../../runtime/ports/Sink.js';
import { formatTable } from './textTable.js';

/**
 * `INTO CONSOLE`: each batch printed as a text table. Offsets live in memory only,
 * so every process starts from the stream's starting offsets: a console run is for
 * looking at data, not for resuming. Dead letters go to stderr, one JSON object a
 * line, so that they never mix with the rows.
 */
export class ConsoleSink implements Sink {
  private readonly offsets = new Map<string, SourceOffset>();

  constructor(
    private readonly schema: Schema,
    private readonly out: NodeJS.WritableStream = process.stdout,
    private readonly err: NodeJS.WritableStream = process.stderr,
  ) {}

  async open(): Promise<void> {}

  async readOffsets(): Promise<SourceOffset[]> {
    return [...this.offsets.values()];
  }

  /** State, like offsets, lives only as long as the process. */
  async readState(): Promise<StoredState | undefined> {
    return undefined;
  }

  async writeBatch(
    rows: readonly Row[],
    offsets: readonly SourceOffset[],
    _state?: StateCommit,
    deadLetters: readonly DeadLetterRow[] = [],
  ): Promise<void> {
    if (rows.length > 0) await this.print(this.out, `${formatTable(this.schema, rows)}\n\n`);
    if (deadLetters.length > 0) {
      await this.print(this.err, deadLetters.map((d) => `dead letter ${JSON.stringify(d)}\n`).join(''));
    }
    // Kept per partition, as a table sink's upsert would: a batch names only the
    // partitions it read from.
    for (const o of offsets) this.offsets.set(partitionKey(o.topic, o.partition), o);
  }

  async close(): Promise<void> {}

  /** Resolves once the stream has taken the text, so a slow terminal slows the query instead of filling memory. */
  private print(stream: NodeJS.WritableStream, text: string): Promise<void> {
    return new Promise((resolve, reject) => {
      stream.write(text, (err) => (err ? reject(err) : resolve()));
    });
  }
}
