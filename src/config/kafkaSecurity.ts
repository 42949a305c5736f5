import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** The SASL mechanisms k2o speaks, by the names of Kafka's `sasl.mechanism`. */
export const SASL_MECHANISMS = ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512'] as const;
export type SaslMechanism = (typeof SASL_MECHANISMS)[number];

/** TLS to the brokers; each is PEM text read from the file named in the config, absent: the system's CAs, no client certificate. */
export interface KafkaTls {
  readonly ca?: string;
  readonly cert?: string;
  readonly key?: string;
}

export interface KafkaSasl {
  readonly mechanism: SaslMechanism;
  readonly username: string;
  /** Never printed: messages name the setting, not its value. */
  readonly password: string;
}

/** How k2o authenticates to Kafka and encrypts the connection: Kafka's SASL_PLAINTEXT, SSL and SASL_SSL. */
export interface KafkaSecurity {
  readonly tls?: KafkaTls;
  readonly sasl?: KafkaSasl;
}

/** The `kafka` section's security settings as the file writes them. */
export interface KafkaSecuritySection {
  readonly ssl?: { readonly ca?: string; readonly cert?: string; readonly key?: string };
  readonly sasl?: { readonly mechanism?: string; readonly username?: string; readonly password?: string };
}

const ENV = {
  ssl: 'K2O_KAFKA_SSL',
  ca: 'K2O_KAFKA_SSL_CA',
  cert: 'K2O_KAFKA_SSL_CERT',
  key: 'K2O_KAFKA_SSL_KEY',
  mechanism: 'K2O_KAFKA_SASL_MECHANISM',
  username: 'K2O_KAFKA_SASL_USERNAME',
  password: 'K2O_KAFKA_SASL_PASSWORD',
} as const;

/**
 * The security settings of the `kafka` section, each overridden by its
 * environment variable (K2O_KAFKA_SSL_CA, K2O_KAFKA_SASL_PASSWORD, …), as the
 * brokers are. Paths in the file are relative to the file's folder, paths in
 * the environment to the working directory. Undefined: plain TCP, no SASL.
 * Throws a plain Error naming the setting, never its value.
 */
export function kafkaSecurityOf(
  section: KafkaSecuritySection | undefined,
  env: NodeJS.ProcessEnv,
  configDir: string,
): KafkaSecurity | undefined {
  const tls = tlsOf(section?.ssl, env, configDir);
  const sasl = saslOf(section?.sasl, env);
  if (!tls && !sasl) return undefined;
  return { ...(tls && { tls }), ...(sasl && { sasl }) };
}

function tlsOf(ssl: KafkaSecuritySection['ssl'], env: NodeJS.ProcessEnv, configDir: string): KafkaTls | undefined {
  const on = env[ENV.ssl];
  if (on !== undefined && on !== '' && !/^(true|false)$/i.test(on)) throw new Error(`${ENV.ssl} must be true or false`);
  if (on?.toLowerCase() === 'false') return undefined;
  const read = (field: 'ca' | 'cert' | 'key'): string | undefined => {
    const fromEnv = env[ENV[field]];
    const path = fromEnv ? resolve(fromEnv) : ssl?.[field] !== undefined ? resolve(configDir, ssl[field]) : undefined;
    if (path === undefined) return undefined;
    try {
      return readFileSync(path, 'utf8');
    } catch (e) {
      const setting = fromEnv ? ENV[field] : `kafka.ssl.${field}`;
      throw new Error(`${setting}: cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
  };
  const [ca, cert, key] = [read('ca'), read('cert'), read('key')];
  if (ssl === undefined && on?.toLowerCase() !== 'true' && ca === undefined && cert === undefined && key === undefined) return undefined;
  if ((cert === undefined) !== (key === undefined))
    throw new Error('a Kafka client certificate needs both kafka.ssl.cert and kafka.ssl.key');
  return { ...(ca !== undefined && { ca }), ...(cert !== undefined && { cert }), ...(key !== undefined && { key }) };
}

function saslOf(sasl: KafkaSecuritySection['sasl'], env: NodeJS.ProcessEnv): KafkaSasl | undefined {
  const pick = (field: 'mechanism' | 'username' | 'password'): string | undefined => env[ENV[field]] || sasl?.[field];
  const [mechanism, username, password] = [pick('mechanism'), pick('username'), pick('password')];
  if (mechanism === undefined && username === undefined && password === undefined) return undefined;
  const setting = env[ENV.mechanism] ? ENV.mechanism : 'kafka.sasl.mechanism';
  if (mechanism === undefined)
    throw new Error(`Kafka SASL needs a mechanism: kafka.sasl.mechanism or ${ENV.mechanism} (${SASL_MECHANISMS.join(', ')})`);
  const known = SASL_MECHANISMS.find((m) => m === mechanism);
  if (!known) throw new Error(`${setting} must be one of ${SASL_MECHANISMS.join(', ')}`);
  if (username === undefined || username === '')
    throw new Error(`Kafka SASL ${known} needs a username: kafka.sasl.username or ${ENV.username}`);
  if (password === undefined) throw new Error(`Kafka SASL ${known} needs a password: kafka.sasl.password or ${ENV.password}`);
  return { mechanism: known, username, password };
}

/** How the connection is described in a log line: the protocol and the user, never the password. */
export function describeKafkaSecurity(security: KafkaSecurity | undefined): string {
  if (!security) return '';
  const protocol = security.sasl ? (security.tls ? 'SASL_SSL' : 'SASL_PLAINTEXT') : 'SSL';
  return ` (${protocol}${security.sasl ? ` ${security.sasl.mechanism} as ${security.sasl.username}` : ''})`;
}
