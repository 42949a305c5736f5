import { readFileSync, existsSync } from 'node:fs';
import { resolve } from 'node:path';

/** Where k2o connects. Secrets live in the URLs and are never printed (see maskUrl). */
export interface K2oConfig {
  readonly kafkaBrokers: readonly string[];
  readonly postgresUrl?: string;
  readonly oracleUrl?: string;
}

export const DEFAULT_CONFIG_FILE = 'k2o.config.json';

const ENV = {
  kafkaBrokers: 'K2O_KAFKA_BROKERS',
  postgresUrl: 'K2O_POSTGRES_URL',
  oracleUrl: 'K2O_ORACLE_URL',
} as const;

interface ConfigFile {
  kafka?: { brokers?: string | string[] };
  postgres?: { url?: string };
  oracle?: { url?: string };
}

/**
 * Settings from `k2o.config.json` (or the file given), then environment
 * variables, which win: a deployment overrides a checked-in file without
 * editing it. Throws a plain Error with the file name on a malformed file.
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
  }
  const brokers = env[ENV.kafkaBrokers] ?? fromFile.kafka?.brokers ?? '127.0.0.1:19092';
  const postgresUrl = env[ENV.postgresUrl] ?? fromFile.postgres?.url;
  const oracleUrl = env[ENV.oracleUrl] ?? fromFile.oracle?.url;
  return {
    kafkaBrokers: (Array.isArray(brokers) ? brokers : brokers.split(',')).map((b) => b.trim()).filter((b) => b !== ''),
    ...(postgresUrl && { postgresUrl }),
    ...(oracleUrl && { oracleUrl }),
  };
}

export const CONFIG_ENV = ENV;
