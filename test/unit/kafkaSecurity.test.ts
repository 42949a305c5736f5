import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONFIG_SCHEMA } from '../../src/config/configSchema.js';
import { loadConfig } from '../../src/config/K2oConfig.js';
import { describeKafkaSecurity } from '../../src/config/kafkaSecurity.js';
import { validateJson } from '../../src/config/validateJson.js';
import { kafkaSecurityOptions } from '../../src/connectors/kafka/kafkaClient.js';

const SECRET = 'hunter2-kafka-secret';

/** A k2o.config.json in a fresh folder, with a certs/ folder of PEM stand-ins beside it. */
function configDir(kafka: unknown): { dir: string; file: string } {
  const dir = mkdtempSync(join(tmpdir(), 'k2o-kafka-security-'));
  mkdirSync(join(dir, 'certs'));
  for (const f of ['ca', 'client', 'client-key', 'other-ca']) writeFileSync(join(dir, 'certs', `${f}.pem`), `PEM of ${f}`);
  const file = join(dir, 'k2o.config.json');
  writeFileSync(file, JSON.stringify({ kafka }));
  return { dir, file };
}

function failure(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('did not throw');
}

describe('Kafka TLS and SASL settings', () => {
  it('read from the kafka section, PEM files relative to the config file', () => {
    const { file } = configDir({
      brokers: 'b:9093',
      ssl: { ca: 'certs/ca.pem', cert: 'certs/client.pem', key: 'certs/client-key.pem' },
      sasl: { mechanism: 'SCRAM-SHA-512', username: 'app', password: SECRET },
    });
    expect(loadConfig({}, file).kafkaSecurity).toEqual({
      tls: { ca: 'PEM of ca', cert: 'PEM of client', key: 'PEM of client-key' },
      sasl: { mechanism: 'SCRAM-SHA-512', username: 'app', password: SECRET },
    });
  });

  it('the environment wins, setting by setting; paths in it are relative to the working directory', () => {
    const { dir, file } = configDir({ ssl: { ca: 'certs/ca.pem' }, sasl: { mechanism: 'PLAIN', username: 'app', password: 'from-file' } });
    const env = {
      K2O_KAFKA_SSL_CA: join(dir, 'certs', 'other-ca.pem'),
      K2O_KAFKA_SASL_MECHANISM: 'SCRAM-SHA-256',
      K2O_KAFKA_SASL_PASSWORD: SECRET,
    };
    expect(loadConfig(env, file).kafkaSecurity).toEqual({
      tls: { ca: 'PEM of other-ca' },
      sasl: { mechanism: 'SCRAM-SHA-256', username: 'app', password: SECRET },
    });
    expect(loadConfig({ K2O_KAFKA_SSL: 'false' }, file).kafkaSecurity?.tls).toBeUndefined();
  });

  it('absent: plain TCP; K2O_KAFKA_SSL=true or an empty ssl section: TLS with the system CAs', () => {
    expect(loadConfig({}, configDir({ brokers: 'b:9092' }).file).kafkaSecurity).toBeUndefined();
    expect(loadConfig({ K2O_KAFKA_SSL: 'true' }, configDir({}).file).kafkaSecurity).toEqual({ tls: {} });
    expect(loadConfig({}, configDir({ ssl: {} }).file).kafkaSecurity).toEqual({ tls: {} });
  });

  it('a missing or wrong setting is an error naming the setting, never the password or the mechanism given', () => {
    const env = (e: Record<string, string>) => () => loadConfig(e, configDir({}).file);
    expect(failure(env({ K2O_KAFKA_SASL_MECHANISM: 'scram', K2O_KAFKA_SASL_USERNAME: 'a', K2O_KAFKA_SASL_PASSWORD: SECRET }))).toBe(
      'K2O_KAFKA_SASL_MECHANISM must be one of PLAIN, SCRAM-SHA-256, SCRAM-SHA-512',
    );
    expect(failure(env({ K2O_KAFKA_SASL_USERNAME: 'a', K2O_KAFKA_SASL_PASSWORD: SECRET }))).toBe(
      'Kafka SASL needs a mechanism: kafka.sasl.mechanism or K2O_KAFKA_SASL_MECHANISM (PLAIN, SCRAM-SHA-256, SCRAM-SHA-512)',
    );
    expect(failure(env({ K2O_KAFKA_SASL_MECHANISM: 'PLAIN', K2O_KAFKA_SASL_PASSWORD: SECRET }))).toBe(
      'Kafka SASL PLAIN needs a username: kafka.sasl.username or K2O_KAFKA_SASL_USERNAME',
    );
    expect(failure(env({ K2O_KAFKA_SASL_MECHANISM: 'PLAIN', K2O_KAFKA_SASL_USERNAME: 'a' }))).toBe(
      'Kafka SASL PLAIN needs a password: kafka.sasl.password or K2O_KAFKA_SASL_PASSWORD',
    );
    expect(failure(env({ K2O_KAFKA_SSL: 'yes' }))).toBe('K2O_KAFKA_SSL must be true or false');
    const { dir, file } = configDir({ ssl: { ca: 'certs/missing.pem' } });
    expect(failure(() => loadConfig({}, file))).toBe(`kafka.ssl.ca: cannot read ${join(dir, 'certs', 'missing.pem')}: ENOENT`);
    expect(failure(() => loadConfig({}, configDir({ ssl: { cert: 'certs/client.pem' } }).file))).toBe(
      'a Kafka client certificate needs both kafka.ssl.cert and kafka.ssl.key',
    );
  });

  it('the schema checks the file: known keys, the mechanism among Kafka’s names', () => {
    expect(
      validateJson({ kafka: { sasl: { mechanism: 'SCRAM-SHA-256', username: 'a', password: SECRET }, ssl: { ca: 'x' } } }, CONFIG_SCHEMA),
    ).toEqual([]);
    expect(validateJson({ kafka: { sasl: { mechanism: 'GSSAPI' } } }, CONFIG_SCHEMA)).toEqual([
      '"kafka.sasl.mechanism" must be one of PLAIN, SCRAM-SHA-256, SCRAM-SHA-512',
    ]);
    expect(validateJson({ kafka: { ssl: { certificate: 'x' } } }, CONFIG_SCHEMA)).toEqual([
      'unknown key "kafka.ssl.certificate"; known keys: ca, cert, key',
    ]);
  });

  it('become kafkajs’s ssl and sasl options', () => {
    expect(kafkaSecurityOptions(undefined)).toEqual({});
    expect(kafkaSecurityOptions({ tls: {} })).toEqual({ ssl: {} });
    expect(
      kafkaSecurityOptions({
        tls: { ca: 'CA', cert: 'C', key: 'K' },
        sasl: { mechanism: 'SCRAM-SHA-256', username: 'u', password: SECRET },
      }),
    ).toEqual({ ssl: { ca: 'CA', cert: 'C', key: 'K' }, sasl: { mechanism: 'scram-sha-256', username: 'u', password: SECRET } });
    expect(kafkaSecurityOptions({ sasl: { mechanism: 'PLAIN', username: 'u', password: SECRET } }).sasl?.mechanism).toBe('plain');
    expect(kafkaSecurityOptions({ sasl: { mechanism: 'SCRAM-SHA-512', username: 'u', password: SECRET } }).sasl?.mechanism).toBe(
      'scram-sha-512',
    );
  });

  it('are described in the start line by protocol and user, without the password', () => {
    const sasl = { mechanism: 'SCRAM-SHA-256', username: 'app', password: SECRET } as const;
    expect(describeKafkaSecurity(undefined)).toBe('');
    expect(describeKafkaSecurity({ tls: {} })).toBe(' (SSL)');
    expect(describeKafkaSecurity({ sasl })).toBe(' (SASL_PLAINTEXT SCRAM-SHA-256 as app)');
    expect(describeKafkaSecurity({ tls: {}, sasl })).toBe(' (SASL_SSL SCRAM-SHA-256 as app)');
  });

  it('docs/connectors.md’s example is a file loadConfig accepts, the password from the environment', () => {
    const doc = readFileSync('docs/connectors.md', 'utf8');
    const example = /## Secure connections[\s\S]*?```json\n([\s\S]*?)```/.exec(doc)?.[1];
    expect(example).toBeDefined();
    const { dir, file } = configDir({});
    const config = JSON.parse(example!) as { kafka: { ssl: { ca: string } } };
    writeFileSync(join(dir, config.kafka.ssl.ca), 'PEM of the CA');
    writeFileSync(file, example!);
    expect(loadConfig({ K2O_KAFKA_SASL_PASSWORD: SECRET }, file)).toMatchObject({
      kafkaBrokers: ['b1.example:9093'],
      kafkaSecurity: { tls: { ca: 'PEM of the CA' }, sasl: { mechanism: 'SCRAM-SHA-512', username: 'k2o', password: SECRET } },
    });
  });
});
