/**
 * How a database error bears on a batch:
 * - `transient`: the server or the network is away or busy (connection lost,
 *   shutdown, deadlock, serialization failure); the same batch can succeed later;
 * - `row`: the server refused some row's values (a constraint, a value too long
 *   or out of range); the other rows can commit and the refused ones are dead letters;
 * - `statement`: the statement cannot run at all (missing table or column,
 *   permission denied); no retry can help until someone changes the database.
 */
export type ErrorKind = 'transient' | 'row' | 'statement';

export interface ErrorClass {
  readonly kind: ErrorKind;
  /** The database's own code (SQLSTATE, ORA-nnnnn, DPY-/NJS-nnnn), where the error has one. */
  readonly code?: string;
  /** For a statement-level error: what the user can do about it. */
  readonly fix?: string;
  /** Transient only because nothing in the error said otherwise (no driver code, no known message). */
  readonly unrecognised?: true;
}

/** Node's codes for a network that failed under a driver. */
export const NETWORK_ERROR_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);

/** The errors `err` stands for, outermost first: k2o wraps a driver error as its cause (connectionError). */
export function errorChain(err: unknown): unknown[] {
  const chain: unknown[] = [];
  for (let e = err; e !== undefined && e !== null && chain.length < 10; e = (e as { cause?: unknown }).cause) chain.push(e);
  return chain;
}

/**
 * The first non-transient class in the error's chain; transient when none is.
 * An error nothing recognises is transient but `unrecognised`: it is retried a
 * few times, not for as long as an outage lasts.
 */
export function classifyChain(err: unknown, classify: (e: unknown) => ErrorClass | undefined): ErrorClass {
  let transient: ErrorClass | undefined;
  for (const e of errorChain(err)) {
    const c = classify(e);
    if (c === undefined) continue;
    if (c.kind !== 'transient') return c;
    transient ??= c;
  }
  return transient ?? { kind: 'transient', unrecognised: true };
}
