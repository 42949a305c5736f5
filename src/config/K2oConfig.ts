import { readFileSync, existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Logger } from '../runtime/Logger.js';
import { CONFIG_SCHEMA } from './configSchema.js';
import { validateJson } from './validateJson.js';
import { SINK_RETRY, type RetryPolicy } from '../runtime/retry.js';
import { kafkaSecurityOf, type KafkaSecurity, type KafkaSecuritySection } from './kafkaSecurity.js';
import { kafkaClientOf, type KafkaClientChoice, type KafkaClientSection } from './kafkaClientChoice.js';

/** Where k2o connects. Secrets live in the URLs and are never printed (see maskUrl). */
export interface K2oConfig {
  readonly kafkaBrokers: readonly string[];
  /** TLS and SASL to the brokers (the `kafka` section's `ssl` and `sasl`, K2O_KAFKA_SSL_*, K2O_KAFKA_SASL_*); absent: plain TCP. */
  readonly kafkaSecurity?: KafkaSecurity;
  /** The client stream sources read with (`kafka.client`, K2O_KAFKA_CLIENT); absent: DEFAULT_KAFKA_CLIENT. */
  readonly kafkaClient?: KafkaClientChoice;
  /**
   * Connection URLs by a connector's connection key (`postgres`, `oracle`): its
   * section's `url` in the file, or `K2O_<KEY>_URL` in the environment.
   */
  readonly urls: Readonly<Record<string, string>>;
  /** How a failing sink call is retried (default SINK_RETRY: until the outage ends). */
  readonly retry?: RetryPolicy;
  /** Where connectors' clients log (the Kafka client's own lines); default: lines on stderr. */
  readonly log?: Logger;
}

export const DEFAULT_CONFIG_FILE = 'k2o.config.json';

/** Where scripts/services/kafka.sh runs its broker. */
export const DEFAULT_KAFKA_BROKERS = '127.0.0.1:19092';

const KAFKA_BROKERS_ENV = 'K2O_KAFKA_BROKERS';

/** The environment variable of a connection key: `postgres` → K2O_POSTGRES_URL. */
export function connectionEnv(key: string): string {
  return `K2O_${key.toUpperCase()}_URL`;
}

const URL_ENV = /^K2O_([A-Z0-9_]+)_URL$/;

interface ConfigFile {
  $schema?: string;
  kafka?: { brokers?: string | string[] } & KafkaSecuritySection & KafkaClientSection;
  retry?: { maxDelayMs?: number; giveUpAfterMs?: number };
  [connection: string]: { url?: string; brokers?: string | string[]; maxDelayMs?: number; giveUpAfterMs?: number } | string | undefined;
}

/**
 * Settings from `k2o.config.json` (or the file given), then environment
 * variables, which win: a deployment overrides a checked-in file without
 * editing it. Throws a plain Error with the file name on a malformed file.
 * Every section but `kafka`, `retry` and `$schema` is a connection by its key; the file
 * is checked against CONFIG_SCHEMA, so a misspelt key is an error, not ignored.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, file?: string): K2oConfig {
  const path = resolve(file ?? DEFAULT_CONFIG_FILE);
  let fromFile: ConfigFile = {};
  if (file !== undefined || existsSync(path)) {
    if (!existsSync(path)) throw new Error(`config file ${path} does not exist`);
    try {
      fromFile = JSON.parse(readFileSync(path, 'utf8')) as ConfigFile;
    } catch (e) {
      throw new Error(`config file ${path} is not valid JSON: ${(e as Error).message}`);
    }
    checkShape(fromFile, path);
  }
  const brokers = env[KAFKA_BROKERS_ENV] ?? fromFile.kafka?.brokers ?? DEFAULT_KAFKA_BROKERS;
  const urls: Record<string, string> = {};
  for (const [key, section] of Object.entries(fromFile)) {
    if (key !== 'kafka' && typeof section === 'object' && section.url) urls[key] = section.url;
  }
  for (const [name, value] of Object.entries(env)) {
    const key = URL_ENV.exec(name)?.[1];
    if (key !== undefined && value) urls[key.toLowerCase()] = value;
  }
  const retry = fromFile.retry;
  const kafkaSecurity = kafkaSecurityOf(fromFile.kafka, env, dirname(path));
  const kafkaClient = kafkaClientOf(fromFile.kafka, env);
  return {
    kafkaBrokers: (Array.isArray(brokers) ? brokers : brokers.split(',')).map((b) => b.trim()).filter((b) => b !== ''),
    ...(kafkaSecurity && { kafkaSecurity }),
    ...(kafkaClient && { kafkaClient }),
    urls,
    ...(retry && {
      retry: {
        ...SINK_RETRY,
        ...(retry.maxDelayMs !== undefined && { maxDelayMs: retry.maxDelayMs }),
        ...(retry.giveUpAfterMs !== undefined && { giveUpAfterMs: retry.giveUpAfterMs }),
      },
    }),
  };
}

/** Says which settings of the file are wrong (CONFIG_SCHEMA), without echoing values (they may be secrets). */
function checkShape(file: unknown, path: string): asserts file is ConfigFile {
  const problems = validateJson(file, CONFIG_SCHEMA);
  if (problems.length > 0) throw new Error(`config file ${path}: ${problems.join('; ')}`);
}
