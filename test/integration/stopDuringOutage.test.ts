import { describe, expect, it } from 'vitest';
import { ksqlFile, runCli } from '../helpers/cli.js';

/**
 * SIGTERM while the database is unreachable: the batch was never written, so
 * there is nothing to finish; k2o stops at once and exits 0 instead of waiting
 * out its retries and exiting 3.
 */
describe('k2o run: a stop during an outage', () => {
  it('SIGTERM while a sink call waits to be retried exits 0 at once', async () => {
    const file = ksqlFile('SELECT order_id FROM KAFKA nowhere_outage INTO POSTGRES outage_rows;');
    let signalledAt = 0;
    const run = await runCli(['run', file], {
      // Port 1 refuses every connection: the sink's open is retried with backoff.
      env: { K2O_POSTGRES_URL: 'postgres://k2o@127.0.0.1:1/k2o' },
      onStderr: (text, child) => {
        if (signalledAt === 0 && text.includes('retrying in')) {
          signalledAt = Date.now();
          child.kill('SIGTERM');
        }
      },
    });
    expect(signalledAt, run.stderr).toBeGreaterThan(0);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('waited to be retried; nothing was written');
    expect(run.stderr).not.toContain('query failed');
  });
});
