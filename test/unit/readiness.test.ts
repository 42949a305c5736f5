import { describe, expect, it } from 'vitest';
import type { Query, QueryStatus } from '../../src/engine/index.js';
import { readiness } from '../../src/monitor/readiness.js';

const query = (id: string, status: QueryStatus) => ({ id, status: () => status }) as unknown as Query;

describe('readiness', () => {
  it('is ready when every query is RUNNING or COMPLETED, and says why not otherwise, secrets redacted', () => {
    expect(readiness([query('a', { state: 'RUNNING' }), query('b', { state: 'COMPLETED' })])).toEqual({ ready: true, reasons: [] });
    const next = new Date('2026-01-01T00:00:00Z');
    const r = readiness([
      query('a', { state: 'RUNNING' }),
      query('b', { state: 'RETRYING', error: new Error('connect ECONNREFUSED postgres://k2o:pw@db'), nextAttemptAt: next }),
      query('c', { state: 'FAILED', error: new Error('boom') }),
      query('d', { state: 'CREATED' }),
      query('e', { state: 'STANDBY', since: next }),
    ]);
    expect(r).toEqual({
      ready: false,
      reasons: [
        'query b is RETRYING (next attempt 2026-01-01T00:00:00.000Z): connect ECONNREFUSED postgres://k2o:***@db',
        'query c FAILED: boom',
        'query d is CREATED',
        'query e is STANDBY since 2026-01-01T00:00:00.000Z: another process runs it',
      ],
    });
  });
});
