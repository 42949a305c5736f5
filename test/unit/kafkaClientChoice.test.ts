import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/K2oConfig.js';
import { createStreamSource } from '../../src/connectors/kafka/connector.js';
import { KafkaSource } from '../../src/connectors/kafka/KafkaSource.js';
import { PlatformaticSource } from '../../src/connectors/kafka/platformatic/PlatformaticSource.js';
import { connectionOptions, consumerOptions } from '../../src/connectors/kafka/platformatic/platformaticOptions.js';

function configFile(content: unknown): string {
  const file = join(mkdtempSync(join(tmpdir(), 'k2o-kafka-client-')), 'k2o.config.json');
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

function failure(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('did not throw');
}

const spec = { topics: ['orders'], queryId: 'q', startingOffsets: 'earliest' as const };

describe('the Kafka client setting', () => {
  it('is absent unless given, and the sources then read with kafkajs', () => {
    const config = loadConfig({}, configFile({ kafka: { brokers: 'b:1' } }));
    expect(config.kafkaClient).toBeUndefined();
    expect(createStreamSource!(spec, config)).toBeInstanceOf(KafkaSource);
  });

  it('chooses @platformatic/kafka from the file, or from K2O_KAFKA_CLIENT, which wins', () => {
    const file = configFile({ kafka: { client: 'platformatic' } });
    const fromFile = loadConfig({}, file);
    expect(fromFile.kafkaClient).toEqual({ client: 'platformatic' });
    expect(createStreamSource!(spec, fromFile)).toBeInstanceOf(PlatformaticSource);
    expect(loadConfig({ K2O_KAFKA_CLIENT: 'kafkajs' }, file).kafkaClient).toEqual({ client: 'kafkajs' });
    expect(createStreamSource!(spec, loadConfig({ K2O_KAFKA_CLIENT: 'kafkajs' }, file))).toBeInstanceOf(KafkaSource);
  });

  it('refuses an unknown client, naming the setting and the choices', () => {
    expect(failure(() => loadConfig({ K2O_KAFKA_CLIENT: 'rdkafka' }, configFile({})))).toBe(
      'K2O_KAFKA_CLIENT must be one of kafkajs, platformatic',
    );
    expect(failure(() => loadConfig({}, configFile({ kafka: { client: 'rdkafka' } })))).toMatch(/kafka\.client/);
  });

  it('refuses a group instance id for kafkajs, which has no static membership, rather than ignore it', () => {
    expect(failure(() => loadConfig({ K2O_KAFKA_GROUP_INSTANCE_ID: 'k2o-0' }, configFile({})))).toBe(
      "K2O_KAFKA_GROUP_INSTANCE_ID needs kafka.client 'platformatic' (or K2O_KAFKA_CLIENT=platformatic): kafkajs has no static membership",
    );
    expect(failure(() => loadConfig({}, configFile({ kafka: { client: 'platformatic', groupInstanceId: 'k2o 0' } })))).toBe(
      'kafka.groupInstanceId must be a name without spaces',
    );
  });

  it('docs/connectors.md’s example is a file loadConfig accepts', () => {
    const doc = readFileSync('docs/connectors.md', 'utf8');
    const example = /### Choosing the Kafka client[\s\S]*?```json\n([\s\S]*?)```/.exec(doc)?.[1];
    expect(example).toBeDefined();
    expect(loadConfig({}, configFile(example!))).toMatchObject({
      kafkaBrokers: ['127.0.0.1:19092'],
      kafkaClient: { client: 'platformatic', groupInstanceId: 'k2o-0' },
    });
  });

  it('gives @platformatic/kafka every consumer setting and the security k2o gives kafkajs, and no autocommit', () => {
    const options = consumerOptions(
      { brokers: ['b:1'], clientId: 'c', groupId: 'g', groupInstanceId: 'k2o-0' },
      {
        sessionTimeoutMs: 70_000,
        heartbeatIntervalMs: 2_000,
        fetchMinBytes: 10,
        fetchMaxBytes: 2_000_000,
        fetchMaxWaitMs: 250,
        isolationLevel: 'read_uncommitted',
      },
      { tls: { ca: 'CA', cert: 'CERT', key: 'KEY' }, sasl: { mechanism: 'SCRAM-SHA-512', username: 'u', password: 'p' } },
    );
    expect(options).toMatchObject({
      bootstrapBrokers: ['b:1'],
      clientId: 'c',
      groupId: 'g',
      groupInstanceId: 'k2o-0',
      sessionTimeout: 70_000,
      rebalanceTimeout: 70_000,
      heartbeatInterval: 2_000,
      minBytes: 10,
      maxBytes: 2_000_000,
      maxWaitTime: 250,
      isolationLevel: 0,
      autocommit: false,
      tls: { ca: 'CA', cert: 'CERT', key: 'KEY' },
      sasl: { mechanism: 'SCRAM-SHA-512', username: 'u', password: 'p' },
    });
    expect(connectionOptions({ tls: {} })).toEqual({ tls: {} });
    expect(connectionOptions(undefined)).toEqual({});
  });
});
