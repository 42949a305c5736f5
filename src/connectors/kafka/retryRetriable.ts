/**
 * Retries `fn` while kafkajs marks its error retriable. Some admin calls do not
 * retry by themselves: right after a broker starts, the first group lookup meets
 * "coordinator not available" while the offsets topic is being created.
 */
export async function retryRetriable<T>(fn: () => Promise<T>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (let delay = 100; ; delay = Math.min(delay * 2, 1000)) {
    try {
      return await fn();
    } catch (error) {
      const retriable = (error as { retriable?: unknown }).retriable === true;
      if (!retriable || Date.now() + delay > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}
