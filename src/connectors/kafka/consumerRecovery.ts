import type { Logger } from '../../runtime/Logger.js';
import { AuthenticationRefused, isAuthenticationRefused } from './authenticationRefused.js';
import { BrokerUnreachable } from './brokerUnreachable.js';

/** The first wait before restarting a crashed consumer; it doubles up to RESTART_MAX_DELAY_MS while the restarts fail. */
const RESTART_FIRST_DELAY_MS = 500;
/**
 * Each restart already spends kafkajs's own connection retries (about 10 s)
 * before it crashes again, so a short cap is enough not to press the broker
 * and lets the consumer come back soon after the broker does.
 */
const RESTART_MAX_DELAY_MS = 5_000;

/**
 * Keeps a running source's consumer alive through a broker outage of any
 * length. kafkajs retries a lost broker itself for about 10 s, then crashes
 * its consumer; from then on, until the consumer has joined its group again,
 * the source is "lost" (`failure()`), so that an empty poll says why instead
 * of passing for a quiet topic, and the query shows RETRYING. The crashed
 * consumer is restarted here, whatever kafkajs thought of the error, with a
 * capped backoff, until it joins again or the source closes.
 */
export class ConsumerRecovery {
  private lost: Error | undefined;
  private timer: NodeJS.Timeout | undefined;
  private restarting = false;
  private delayMs = RESTART_FIRST_DELAY_MS;
  private closed = false;

  constructor(
    private readonly brokers: readonly string[],
    /** Starts the crashed consumer again (from the sink's offsets); a failure comes back as a crash or a rejection. */
    private readonly restart: () => Promise<void>,
    private readonly log?: Logger,
  ) {}

  /** The consumer crashed after it had joined its group: it is restarted after the backoff. */
  crashed(error: Error): void {
    if (this.closed) return;
    this.lost = error;
    if (this.timer !== undefined) return;
    const delay = this.delayMs;
    this.delayMs = Math.min(this.delayMs * 2, RESTART_MAX_DELAY_MS);
    this.log?.warn(`Kafka consumer stopped (${error.message}); restarting it from the committed offsets in ${delay} ms`);
    this.timer = setTimeout(() => void this.attempt(), delay);
  }

  /** The consumer is in its group again: the broker answers. */
  joined(): void {
    this.lost = undefined;
    this.delayMs = RESTART_FIRST_DELAY_MS;
  }

  /**
   * Why the source delivers nothing while its consumer is down: the broker is
   * unreachable (an outage, retried by the query), or refused the credentials
   * (retrying cannot help).
   */
  failure(): Error | undefined {
    if (this.lost === undefined) return undefined;
    return isAuthenticationRefused(this.lost)
      ? new AuthenticationRefused(this.brokers, this.lost)
      : new BrokerUnreachable(this.brokers, this.lost);
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private async attempt(): Promise<void> {
    this.timer = undefined;
    if (this.closed || this.lost === undefined) return;
    // A crash reported while the last restart is still connecting waits for that one to end.
    if (this.restarting) {
      this.timer = setTimeout(() => void this.attempt(), this.delayMs);
      return;
    }
    this.restarting = true;
    try {
      await this.restart();
    } catch (e) {
      this.restarting = false;
      this.crashed(e as Error);
      return;
    }
    this.restarting = false;
  }
}
