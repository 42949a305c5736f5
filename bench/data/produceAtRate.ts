import type { Kafka } from 'kafkajs';
import { createProducer } from '../../src/connectors/kafka/kafkaClient.js';
import { seededRandom } from '../../tools/data/orders.js';
import { benchOrders } from './benchRows.js';

/** A send every this many ms: small enough that batching adds little to the measured latency. */
const TICK_MS = 20;
/** Records per produce request when catching up: well under the broker's 1 MB request limit. */
const MAX_SEND = 2_000;

/** Orders serialised ahead, all but the event time, which is the send time. */
export interface PreparedOrders {
  readonly heads: readonly { readonly key: string; readonly head: string }[];
}

/**
 * Done before the query starts: the producer shares the two cores with the
 * query it feeds, so sending must be cheap, and preparation must not count as
 * time in which nothing was produced.
 */
export function prepareOrders(count: number): PreparedOrders {
  return { heads: benchOrders(count).map((o) => ({ key: o.customer_id, head: JSON.stringify({ ...o, ts: undefined }).slice(0, -1) })) };
}

export interface RateResult {
  readonly records: number;
  readonly seconds: number;
  /** Achieved rate: below the target when the producer could not keep up. */
  readonly rate: number;
}

/**
 * Produces orders at `rate` records/s for `seconds`, event time ≈ wall time
 * (5% up to 30 s late, as in the loaded data), each record stamped with its
 * send time. Sends that fall behind catch up on the next tick rather than
 * drifting the schedule; production ends at the deadline even when the
 * producer could not keep up (the result says what it achieved).
 */
export async function produceAtRate(
  kafka: Kafka,
  topic: string,
  orders: PreparedOrders,
  rate: number,
  seconds: number,
): Promise<RateResult> {
  const { heads } = orders;
  const total = Math.min(heads.length, Math.round(rate * seconds));
  const random = seededRandom(7);
  const producer = createProducer(kafka);
  await producer.connect();
  const started = performance.now();
  let sent = 0;
  try {
    const deadline = started + seconds * 1000;
    for (let now = started; now < deadline && sent < total; now = performance.now()) {
      const due = Math.min(total, Math.floor(((now - started) / 1000) * rate));
      while (sent < due && performance.now() < deadline) {
        const n = Math.min(due - sent, MAX_SEND);
        const sentAt = Date.now();
        const timestamp = String(sentAt);
        const messages = heads.slice(sent, sent + n).map(({ key, head }) => {
          const late = random() < 0.05 ? Math.floor(random() * 30_000) : 0;
          return { key, value: `${head},"ts":"${new Date(sentAt - late).toISOString()}"}`, timestamp };
        });
        await producer.send({ topic, acks: -1, messages });
        sent += n;
      }
      await new Promise((r) => setTimeout(r, TICK_MS));
    }
  } finally {
    await producer.disconnect();
  }
  const elapsed = (performance.now() - started) / 1000;
  return { records: sent, seconds: elapsed, rate: sent / elapsed };
}
