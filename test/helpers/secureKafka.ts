import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { KafkaSecurity } from '../../src/config/kafkaSecurity.js';
import { issueServerCertificate, makeTestCa } from './testCertificates.js';
import { createKafka, withAdmin } from '../../src/connectors/kafka/kafkaClient.js';

/** The jars scripts/services/kafka.sh fetched; without them the secured broker cannot start. */
export const KAFKA_LIBS = resolve('.cache/kafka/libs');

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

const START_TIMEOUT_MS = 90_000;

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const { port } = probe.address() as { port: number };
  await new Promise((r) => probe.close(r));
  return port;
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
  const conf = join(dir, 'server.properties');
  writeFileSync(
    conf,
    [
      'process.roles=broker,controller',
      'node.id=1',
      `controller.quorum.voters=1@127.0.0.1:${controller}`,
      `listeners=SASL_PLAINTEXT://127.0.0.1:${sasl},SSL://127.0.0.1:${ssl},INTERNAL://127.0.0.1:${internal},CONTROLLER://127.0.0.1:${controller}`,
      `advertised.listeners=SASL_PLAINTEXT://127.0.0.1:${sasl},SSL://127.0.0.1:${ssl},INTERNAL://127.0.0.1:${internal}`,
      'controller.listener.names=CONTROLLER',
      'inter.broker.listener.name=INTERNAL',
      'listener.security.protocol.map=CONTROLLER:PLAINTEXT,INTERNAL:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT,SSL:SSL',
      'sasl.enabled.mechanisms=SCRAM-SHA-256,SCRAM-SHA-512,PLAIN',
      'listener.name.sasl_plaintext.scram-sha-256.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;',
      'listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;',
      `listener.name.sasl_plaintext.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required user_${KAFKA_USER}="${password}";`,
      'ssl.keystore.type=PEM',
      `ssl.keystore.location=${keystoreFile}`,
      'ssl.client.auth=none',
      `log.dirs=${join(dir, 'data')}`,
      'num.partitions=1',
      'offsets.topic.replication.factor=1',
      'offsets.topic.num.partitions=1',
      'transaction.state.log.replication.factor=1',
      'transaction.state.log.min.isr=1',
      'transaction.state.log.num.partitions=1',
      'share.coordinator.state.topic.replication.factor=1',
      'share.coordinator.state.topic.min.isr=1',
      'group.initial.rebalance.delay.ms=0',
      '',
    ].join('\n'),
  );
  const java = [
    '-Xms256m',
    '-Xmx256m',
    '-XX:+UseSerialGC',
    '-Djava.awt.headless=true',
    `-Dlog4j2.configurationFile=${resolve('tools/kafka/log4j2.properties')}`,
    `-Dkafka.logs.dir=${join(dir, 'logs')}`,
    '-cp',
    `${KAFKA_LIBS}/*`,
  ];
  const scram = (m: string) => ['--add-scram', `${m}=[name=${KAFKA_USER},password=${password}]`];
  const clusterId = randomBytes(16).toString('base64url').replace(/^-/, 'A');
  execFileSync(
    'java',
    [...java, 'kafka.tools.StorageTool', 'format', '-t', clusterId, '-c', conf, ...scram('SCRAM-SHA-256'), ...scram('SCRAM-SHA-512')],
    { stdio: 'pipe', timeout: 60_000 },
  );
  const broker: ChildProcess = spawn('java', [...java, 'kafka.Kafka', conf], { stdio: 'ignore' });
  let exited = false;
  broker.on('exit', () => (exited = true));
  const stop = async (): Promise<void> => {
    if (!exited) {
      const gone = new Promise((r) => broker.once('exit', r));
      broker.kill('SIGTERM');
      const killer = setTimeout(() => broker.kill('SIGKILL'), 20_000);
      await gone;
      clearTimeout(killer);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const saslBroker = `127.0.0.1:${sasl}`;
  const security: KafkaSecurity = { sasl: { mechanism: 'SCRAM-SHA-256', username: KAFKA_USER, password } };
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    try {
      await withAdmin(createKafka([saslBroker], 'k2o-test-secure-probe', quiet, security), (admin) => admin.describeCluster());
      break;
    } catch (e) {
      if (exited || Date.now() > deadline) {
        const log = existsSync(join(dir, 'logs', 'server.log')) ? readFileSync(join(dir, 'logs', 'server.log'), 'utf8') : '';
        await stop();
        const errors = log
          .split('\n')
          .filter((l) => / (ERROR|FATAL) /.test(l))
          .slice(-5);
        throw new Error(`the secured broker did not start within ${START_TIMEOUT_MS} ms: ${(e as Error).message}\n${errors.join('\n')}`);
      }
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  return { saslBroker, sslBroker: `127.0.0.1:${ssl}`, password, caFile, dir, stop };
}

const quiet = { info: () => {}, warn: () => {}, error: () => {} };
