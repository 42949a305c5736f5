import type { Kafka, ProducerConfig } from 'kafkajs';

/**
 * The real client, whose transactions' commit can be made to commit on the
 * broker and then throw as a dropped connection does: a commit whose reply was
 * lost. `loseNextReply()` arms it for the next commit only.
 */
export function lostCommitReplies(kafka: Kafka): { readonly kafka: Kafka; loseNextReply(): void } {
  let loseNext = false;
  const lossy = Object.assign(Object.create(kafka) as Kafka, {
    producer: (config?: ProducerConfig) => {
      const real = kafka.producer(config);
      return {
        ...real,
        transaction: async () => {
          const txn = await real.transaction();
          return {
            ...txn,
            commit: async () => {
              await txn.commit();
              if (!loseNext) return;
              loseNext = false;
              throw Object.assign(new Error('Connection error: read ECONNRESET'), { name: 'KafkaJSConnectionError', retriable: true });
            },
          };
        },
      };
    },
  });
  return {
    kafka: lossy,
    loseNextReply: () => {
      loseNext = true;
    },
  };
}
