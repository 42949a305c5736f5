/** What a join timeout names: the group, the brokers, and how long it waited (default 60 s). */
export interface JoinTimeoutOptions {
  readonly groupId: string;
  readonly brokers: readonly string[];
  readonly joinTimeoutMs?: number;
}

/** Waits for a source's consumer group join, failing with the group and brokers named once it takes too long. */
export async function withJoinTimeout(joined: Promise<void>, options: JoinTimeoutOptions): Promise<void> {
  const timeoutMs = options.joinTimeoutMs ?? 60_000;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new Error(`Kafka consumer group '${options.groupId}' did not join within ${timeoutMs} ms (brokers ${options.brokers.join(',')})`),
        ),
      timeoutMs,
    );
  });
  try {
    await Promise.race([joined, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
