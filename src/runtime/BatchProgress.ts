import type { OperatorChain } from './buildOperators.js';
import type { SourceOffset } from './ports/Sink.js';
import type { SourceRecord } from './ports/Source.js';

/** Where one batch spent its time, in milliseconds (Spark's `durationMs`). */
export interface BatchDurations {
  /** Polling the source until the batch's records were in hand. */
  readonly fetch: number;
  /** JSON → rows, dead letters set aside. */
  readonly decode: number;
  readonly operators: number;
  /** The sink's transaction, retries included. */
  readonly commit: number;
  readonly total: number;
}

export interface OperatorStateFigures {
  readonly operatorId: string;
  readonly numRowsTotal: number;
  /** An estimate: the size of the state as it commits (JSON, two bytes a character). */
  readonly memoryUsedBytes: number;
}

/** One partition's position before and after a batch. */
export interface PartitionProgress {
  readonly topic: string;
  readonly partition: number;
  readonly startOffset: string;
  readonly endOffset: string;
  readonly numInputRows: number;
}

/** A record set aside as a dead letter, and why. */
export interface DeadLetterSample {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly reason: string;
}

export function partitionOf(r: SourceRecord): { topic: string; partition: number; offset: string } {
  return { topic: r.topic, partition: r.partition, offset: r.offset };
}

/** The figures of one committed batch, as the runner measured them. */
export interface BatchProgress {
  /** 0 for the first batch of this run. */
  readonly batchId: number;
  /** When the batch began fetching (epoch ms). */
  readonly startedAt: number;
  readonly numInputRows: number;
  readonly numOutputRows: number;
  readonly numDeadLetters: number;
  readonly numLateRows: number;
  /** Event-time watermark after the batch (epoch ms), -Infinity before the first event. */
  readonly watermark: number;
  /** The Kafka timestamp of the batch's oldest record (epoch ms): end-to-end latency is measured from it. */
  readonly oldestRecordAt: number;
  /** The first few dead letters of the batch. */
  readonly deadLetters: readonly DeadLetterSample[];
  readonly durationMs: BatchDurations;
  readonly stateOperators: readonly OperatorStateFigures[];
  readonly sources: readonly PartitionProgress[];
}

/** State rows and bytes per stateful operator, the bytes estimated from the entries committed so far (savedState.ts). */
export function stateFigures(chain: OperatorChain, bytes: ReadonlyMap<string, number>): OperatorStateFigures[] {
  return chain.operators.flatMap((op) =>
    op.state?.rows ? [{ operatorId: op.id!, numRowsTotal: op.state.rows(), memoryUsedBytes: bytes.get(op.id!) ?? 0 }] : [],
  );
}

/** Every known partition's move over the batch; one the batch did not read from stays where it was. */
export function partitionProgress(
  before: ReadonlyMap<string, SourceOffset>,
  after: ReadonlyMap<string, SourceOffset>,
  counts: ReadonlyMap<string, number>,
): PartitionProgress[] {
  return [...after].map(([k, end]) => ({
    topic: end.topic,
    partition: end.partition,
    startOffset: before.get(k)?.offset ?? end.offset,
    endOffset: end.offset,
    numInputRows: counts.get(k) ?? 0,
  }));
}
