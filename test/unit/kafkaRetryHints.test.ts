import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { withRetryHints } from '../../src/connectors/kafka/kafkaTransactions.js';
import { UNRECOGNISED_ERROR_ATTEMPTS } from '../../src/runtime/retry.js';

// The errors kafkajs itself builds from a broker's error code, as its requests throw them.
const { createErrorFromCode } = createRequire(import.meta.url)('kafkajs/src/protocol/error.js') as {
  createErrorFromCode: (code: number) => Error & { type: string; retriable: boolean };
};

describe('withRetryHints: what a failed Kafka transaction step says about retrying it', () => {
  it('retries UNKNOWN_SERVER_ERROR a few times, which kafkajs marks not retriable (Kafka 4.1 answers a step racing a fencing with it)', () => {
    const e = createErrorFromCode(-1);
    expect(e.retriable).toBe(false);
    expect(withRetryHints(e)).toMatchObject({ retriable: true, attemptsAtMost: UNRECOGNISED_ERROR_ATTEMPTS });
  });

  it('does not retry a refusal by the broker', () => {
    expect(withRetryHints(createErrorFromCode(48))).toMatchObject({ retriable: false });
  });
});
