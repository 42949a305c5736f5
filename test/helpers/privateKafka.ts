import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createKafka, withAdmin } from '../../src/connectors/kafka/kafkaClient.js';
import { BrokerProcess, freePort, SINGLE_NODE_SETTINGS } from './brokerProcess.js';

export { KAFKA_LIBS } from './brokerProcess.js';

/**
 * A plain private broker, for tests that take a broker away: the shared one on
 * 19092 is never touched. `kill()` is a `kill -9`; `restart()` brings it back
 * on the same ports and data, with every topic, record and group offset that
 * it had acknowledged.
 */
export interface PrivateKafka {
  /** host:port of its PLAINTEXT listener. */
  readonly broker: string;
  kill(): Promise<void>;
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts a single-node KRaft broker on free ports with its data under a temp dir; resolves once it answers. */
export async function startPrivateKafka(): Promise<PrivateKafka> {
  const dir = mkdtempSync(join(tmpdir(), 'k2o-private-kafka-'));
  const [port, controller] = [await freePort(), await freePort()];
  const broker = `127.0.0.1:${port}`;
  const jvm = await BrokerProcess.start(
    dir,
    'private broker',
    [
      ...SINGLE_NODE_SETTINGS,
      `controller.quorum.voters=1@127.0.0.1:${controller}`,
      `listeners=PLAINTEXT://${broker},CONTROLLER://127.0.0.1:${controller}`,
      `advertised.listeners=PLAINTEXT://${broker}`,
      'inter.broker.listener.name=PLAINTEXT',
      'listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
    ],
    () => withAdmin(createKafka([broker], 'k2o-test-private-probe', quiet), (admin) => admin.describeCluster()),
  );
  return { broker, kill: () => jvm.kill(), restart: () => jvm.restart(), stop: () => jvm.stop() };
}

const quiet = { info: () => {}, warn: () => {}, error: () => {} };
