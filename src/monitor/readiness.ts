import type { Query } from '../engine/index.js';
import { redactSecrets } from '../runtime/redactSecrets.js';

export interface Readiness {
  readonly ready: boolean;
  /** Why not, one line per query that is not ready. */
  readonly reasons: readonly string[];
}

/**
 * Ready when every query is RUNNING or COMPLETED (`/health/ready`): one that is
 * retrying its sink or broker, failed, stopped, not yet started or standing by for
 * another process makes the process not ready, so a Kubernetes readiness probe
 * shows the outage, and shows which of two processes does the work.
 */
export function readiness(queries: readonly Query[]): Readiness {
  const reasons = queries.flatMap((q) => {
    const s = q.status();
    switch (s.state) {
      case 'RUNNING':
      case 'COMPLETED':
        return [];
      case 'RETRYING':
        return [`query ${q.id} is RETRYING (next attempt ${s.nextAttemptAt.toISOString()}): ${redactSecrets(s.error.message)}`];
      case 'FAILED':
        return [`query ${q.id} FAILED: ${redactSecrets(s.error.message)}`];
      case 'STANDBY':
        return [`query ${q.id} is STANDBY since ${s.since.toISOString()}: another process runs it`];
      default:
        return [`query ${q.id} is ${s.state}`];
    }
  });
  return { ready: reasons.length === 0, reasons };
}
