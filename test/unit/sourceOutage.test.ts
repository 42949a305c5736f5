import { describe, expect, it } from 'vitest';
import { AuthenticationRefused } from '../../src/connectors/kafka/authenticationRefused.js';
import { BrokerUnreachable } from '../../src/connectors/kafka/brokerUnreachable.js';
import { ConsumerRecovery } from '../../src/connectors/kafka/consumerRecovery.js';
import type { Logger } from '../../src/runtime/Logger.js';
import type { Source, SourceRecord } from '../../src/runtime/ports/Source.js';
import { retriedReads } from '../../src/runtime/retriedReads.js';
import { withRetry, type RetryPolicy } from '../../src/runtime/retry.js';

const quiet: Logger = { info: () => {}, warn: () => {}, error: () => {} };
const until = async (holds: () => boolean) => {
  const deadline = Date.now() + 5_000;
  while (!holds()) {
    if (Date.now() > deadline) throw new Error('not within 5 s');
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('ConsumerRecovery: a consumer lost after it had started', () => {
  const refused = new Error('Connection error: connect ECONNREFUSED 127.0.0.1:9');

  it('says the broker is unreachable until the consumer has joined again, and restarts it meanwhile', async () => {
    let restarts = 0;
    const recovery = new ConsumerRecovery(['127.0.0.1:9'], async () => void restarts++, quiet);
    expect(recovery.failure()).toBeUndefined();
    recovery.crashed(refused);
    const failure = recovery.failure();
    expect(failure).toBeInstanceOf(BrokerUnreachable);
    expect(failure?.message).toBe('Kafka is unreachable at 127.0.0.1:9: Connection error: connect ECONNREFUSED 127.0.0.1:9');
    expect((failure as BrokerUnreachable).retriable).toBe(true);
    await until(() => restarts === 1);
    // A restart that ran is not yet a consumer back: only its join is.
    expect(recovery.failure()).toBeInstanceOf(BrokerUnreachable);
    recovery.joined();
    expect(recovery.failure()).toBeUndefined();
    recovery.close();
  });

  it('tries again after a restart that fails, and stops trying once closed', async () => {
    let restarts = 0;
    const recovery = new ConsumerRecovery(
      ['b:9092'],
      async () => {
        restarts++;
        throw new Error(`still refused ${restarts}`);
      },
      quiet,
    );
    recovery.crashed(refused);
    await until(() => restarts === 2);
    expect(recovery.failure()?.message).toContain('still refused');
    recovery.close();
    const after = restarts;
    await new Promise((r) => setTimeout(r, 2_500));
    expect(restarts).toBe(after);
  });

  it('refused credentials are not an outage: the failure says so and is not retried', () => {
    const recovery = new ConsumerRecovery(['b:9092'], async () => {}, quiet);
    const sasl = Object.assign(new Error('SASL SCRAM-SHA-256 authentication failed'), { name: 'KafkaJSSASLAuthenticationError' });
    recovery.crashed(sasl);
    const failure = recovery.failure();
    expect(failure).toBeInstanceOf(AuthenticationRefused);
    expect((failure as AuthenticationRefused).retriable).toBe(false);
    recovery.close();
  });
});

describe('retriedReads: the source read while its broker is away', () => {
  const record: SourceRecord = { topic: 't', partition: 0, offset: '0', timestamp: 0, key: null, value: Buffer.from('{}') };
  const policy: RetryPolicy = { firstDelayMs: 1, maxDelayMs: 1 };
  const sourceFailing = (errors: Error[]): Pick<Source, 'poll' | 'endOffsets'> => ({
    poll: async () => {
      const e = errors.shift();
      if (e) throw e;
      return [record];
    },
    endOffsets: async () => [],
  });
  const retryingWith = (waits: number[]) =>
    function <T>(what: string, op: () => Promise<T>, p: RetryPolicy): Promise<T> {
      return withRetry(what, op, p, quiet, (_e, delay) => void waits.push(delay));
    };

  it('an unreachable broker is waited out: the poll is tried again until it answers', async () => {
    const waits: number[] = [];
    const lost = new BrokerUnreachable(['b:9092'], new Error('ECONNREFUSED'));
    const reads = retriedReads(sourceFailing([lost, lost, lost]) as Source, policy, retryingWith(waits));
    expect(await reads.poll(10, 0)).toEqual([record]);
    expect(waits).toHaveLength(3);
  });

  it('any other error ends the read at once, as it did', async () => {
    const waits: number[] = [];
    const reads = retriedReads(
      sourceFailing([new Error('KafkaSource.poll: a poll is already waiting')]) as Source,
      policy,
      retryingWith(waits),
    );
    await expect(reads.poll(10, 0)).rejects.toThrow('a poll is already waiting');
    expect(waits).toHaveLength(0);
  });

  it('waits at most 5 s between reads, whatever the policy allows the sink', async () => {
    const waits: RetryPolicy[] = [];
    const reads = retriedReads(sourceFailing([]) as Source, { firstDelayMs: 500, maxDelayMs: 30_000 }, (_what, op, p) => {
      waits.push(p);
      return op();
    });
    await reads.poll(1, 0);
    await reads.endOffsets();
    expect(waits).toEqual([
      { firstDelayMs: 500, maxDelayMs: 5_000 },
      { firstDelayMs: 500, maxDelayMs: 5_000 },
    ]);
  });
});
