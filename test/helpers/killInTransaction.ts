import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import { CLI } from './cli.js';

export interface KillsInsideTransactions {
  readonly kafka: Kafka;
  readonly brokers: readonly string[];
  /** The .ksql file `k2o run` runs each round: a continuous query INTO KAFKA `out`. */
  readonly file: string;
  /** The topic the query's batch transactions write first: one partition, created beforehand so the watcher follows it from the start. */
  readonly out: string;
  /** Records of the source the query has committed so far. */
  readonly committed: () => Promise<number>;
  /** The records to have committed before a round kills (a growing share of the input). */
  readonly killAfter: (round: number) => number;
  readonly kills: number;
}

/**
 * SIGKILLs `k2o run` inside open Kafka transactions until `kills` kills have
 * landed in one. A round kills as soon as a read_uncommitted watcher of `out`
 * sees records past its last stable offset; that transaction may still commit
 * first, so whether the kill landed is checked after it, when the transaction
 * (if any) stays open until the next start fences it. Returns the rounds run.
 */
export async function killInsideTransactions(k: KillsInsideTransactions): Promise<number> {
  const admin = k.kafka.admin();
  await admin.connect();
  const stableEnd = async () => (await admin.fetchTopicOffsets(k.out)).reduce((n, p) => n + Number(p.high), 0);
  let landed = 0;
  let round = 0;
  try {
    while (landed < k.kills) {
      round++;
      if (round > k.kills * 4) throw new Error(`only ${landed} of ${round - 1} kills landed inside an open transaction`);
      const watcher = k.kafka.consumer({
        groupId: `k2o-test-watch-${randomBytes(6).toString('hex')}`,
        maxWaitTimeInMs: 20,
        readUncommitted: true,
      });
      let seenEnd = 0;
      await watcher.connect();
      await watcher.subscribe({ topics: [k.out], fromBeginning: true });
      await watcher.run({
        eachBatch: async ({ batch }) => {
          const last = batch.messages[batch.messages.length - 1];
          if (last) seenEnd = Math.max(seenEnd, Number(last.offset) + 1);
        },
      });
      const child = spawn(process.execPath, [CLI, 'run', k.file], {
        env: { ...process.env, K2O_KAFKA_BROKERS: k.brokers.join(',') },
        stdio: 'ignore',
      });
      const exited = new Promise((resolve) => child.on('exit', resolve));
      const deadline = Date.now() + 90_000;
      try {
        for (;;) {
          if (Date.now() > deadline) throw new Error(`k2o never had a transaction open after committing ${k.killAfter(round)} records`);
          const seen = seenEnd;
          if ((await k.committed().catch(() => 0)) >= k.killAfter(round) && seen > (await stableEnd().catch(() => Infinity))) break;
          await new Promise((r) => setTimeout(r, 5));
        }
      } finally {
        child.kill('SIGKILL');
        await exited;
      }
      // The watcher catches up with what the killed process had sent.
      await new Promise((r) => setTimeout(r, 500));
      if (seenEnd > (await stableEnd())) landed++;
      await watcher.disconnect();
    }
  } finally {
    await admin.disconnect();
  }
  return round;
}
