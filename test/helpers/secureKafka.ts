import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KafkaSecurity } from '../../src/config/kafkaSecurity.js';
import { issueServerCertificate, makeTestCa } from './testCertificates.js';
import { createKafka, withAdmin } from '../../src/connectors/kafka/kafkaClient.js';
import { BrokerProcess, freePort, SINGLE_NODE_SETTINGS } from './brokerProcess.js';

export { KAFKA_LIBS } from './brokerProcess.js';

/** The SCRAM and PLAIN user the broker knows. */
export const KAFKA_USER = 'k2o';

/** A second, private broker with secured listeners only; the shared broker on 19092 is never touched. */
export interface SecureKafka {
  /** SASL_PLAINTEXT: SCRAM-SHA-256, SCRAM-SHA-512 and PLAIN for KAFKA_USER. */
  readonly saslBroker: string;
  /** SSL: the server's certificate is signed by `caFile`, issued to 127.0.0.1; no client certificate asked. */
  readonly sslBroker: string;
  readonly password: string;
  /** PEM of the CA that signed the broker's certificate. */
  readonly caFile: string;
  readonly dir: string;
  stop(): Promise<void>;
}

/** A CA and a server certificate for 127.0.0.1 signed by it, as PEM files; the broker reads the PEM keystore. */
function makeCertificates(dir: string): { caFile: string; keystoreFile: string } {
  const file = (name: string) => join(dir, name);
  makeTestCa(dir, 'ca');
  issueServerCertificate(dir, 'ca');
  // Kafka's PEM keystore: an unencrypted PKCS#8 key, then the certificate chain.
  const key = execFileSync('openssl', ['pkcs8', '-topk8', '-nocrypt', '-in', file('server.key')]).toString();
  writeFileSync(file('keystore.pem'), key + readFileSync(file('server.pem'), 'utf8'));
  return { caFile: file('ca.pem'), keystoreFile: file('keystore.pem') };
}

/**
 * Starts a single-node KRaft broker from the jars under .cache/kafka/libs, on
 * free ports, with a SASL_PLAINTEXT and an SSL listener (and an internal
 * plaintext one for the broker itself), its data under a temp dir. SCRAM users
 * are added at format time. Resolves once an authenticated client is answered.
 */
export async function startSecureKafka(): Promise<SecureKafka> {
  const dir = mkdtempSync(join(tmpdir(), 'k2o-secure-kafka-'));
  const password = randomBytes(12).toString('hex');
  const { caFile, keystoreFile } = makeCertificates(dir);
  const [sasl, ssl, internal, controller] = [await freePort(), await freePort(), await freePort(), await freePort()];
  const saslBroker = `127.0.0.1:${sasl}`;
  const security: KafkaSecurity = { sasl: { mechanism: 'SCRAM-SHA-256', username: KAFKA_USER, password } };
  const scram = (m: string) => ['--add-scram', `${m}=[name=${KAFKA_USER},password=${password}]`];
  const broker = await BrokerProcess.start(
    dir,
    'secured broker',
    [
      ...SINGLE_NODE_SETTINGS,
      `controller.quorum.voters=1@127.0.0.1:${controller}`,
      `listeners=SASL_PLAINTEXT://127.0.0.1:${sasl},SSL://127.0.0.1:${ssl},INTERNAL://127.0.0.1:${internal},CONTROLLER://127.0.0.1:${controller}`,
      `advertised.listeners=SASL_PLAINTEXT://127.0.0.1:${sasl},SSL://127.0.0.1:${ssl},INTERNAL://127.0.0.1:${internal}`,
      'inter.broker.listener.name=INTERNAL',
      'listener.security.protocol.map=CONTROLLER:PLAINTEXT,INTERNAL:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT,SSL:SSL',
      'sasl.enabled.mechanisms=SCRAM-SHA-256,SCRAM-SHA-512,PLAIN',
      'listener.name.sasl_plaintext.scram-sha-256.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;',
      'listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;',
      `listener.name.sasl_plaintext.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required user_${KAFKA_USER}="${password}";`,
      'ssl.keystore.type=PEM',
      `ssl.keystore.location=${keystoreFile}`,
      'ssl.client.auth=none',
    ],
    () => withAdmin(createKafka([saslBroker], 'k2o-test-secure-probe', quiet, security), (admin) => admin.describeCluster()),
    [...scram('SCRAM-SHA-256'), ...scram('SCRAM-SHA-512')],
  );
  return { saslBroker, sslBroker: `127.0.0.1:${ssl}`, password, caFile, dir, stop: () => broker.stop() };
}

const quiet = { info: () => {}, warn: () => {}, error: () => {} };
