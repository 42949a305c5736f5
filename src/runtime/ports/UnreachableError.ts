/**
 * A service a query needs did not answer: a database or the Kafka brokers,
 * named with where k2o looked (password masked). During a run it is an outage
 * to wait out; when it ends a query (at start, after its attempts), `k2o run`
 * says which service and where in one line and exits 4, so that a supervisor
 * can tell "could not reach" from "failed while running".
 */
export class UnreachableError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'UnreachableError';
  }
}

/** Whether `err`, or an error it wraps, is an UnreachableError. */
export function isUnreachable(err: unknown): boolean {
  for (let e = err, depth = 0; e instanceof Error && depth < 10; e = e.cause, depth++) if (e instanceof UnreachableError) return true;
  return false;
}
