import type { Column } from '../../runtime/Row.js';

export type StreamFormat = 'json';
export type StartingOffsets = 'earliest' | 'latest';

/** A Kafka source as declared by CREATE STREAM, or as implied by `FROM KAFKA name`. */
export interface StreamDef {
  readonly name: string;
  readonly topic: string;
  readonly format: StreamFormat;
  /** Declared columns; undefined when the stream was not declared (columns typed from use). */
  readonly columns?: readonly Column[];
  readonly watermark?: { readonly column: string; readonly delayMs: number };
  readonly startingOffsets: StartingOffsets;
  readonly groupId?: string;
}

/** What a program compiling k2o text already knows: streams declared elsewhere. */
export interface Catalog {
  readonly streams: ReadonlyMap<string, StreamDef>;
}

export function emptyCatalog(): Catalog {
  return { streams: new Map() };
}

/**
 * An undeclared stream's watermark delay. Records may arrive out of order; 30 s
 * absorbs ordinary producer skew, and a declared WATERMARK overrides it.
 */
export const DEFAULT_WATERMARK_DELAY_MS = 30_000;
