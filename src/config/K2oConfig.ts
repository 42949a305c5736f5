import { readFileSync, existsSync } from 'node:fs';
import { resolve } from 'node:path';

/** Where k2o connects. Secrets live in the URLs and are never printed (see maskUrl). */
export interface K2oConfig {
  readonly kafkaBrokers: readonly string[];
  readonly postgresUrl?: string;
  readonly oracleUrl?: string;
}

export const DEFAULT_CONFIG_FILE = 'k2o.config.json';

/** Where scripts/services/kafka.sh runs its broker. */
export const DEFAULT_KAFKA_BROKERS = '127.0.0.1:19092';

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
    checkShape(fromFile, path);
  }
  const brokers = env[ENV.kafkaBrokers] ?? fromFile.kafka?.brokers ?? DEFAULT_KAFKA_BROKERS;
  const postgresUrl = env[ENV.postgresUrl] ?? fromFile.postgres?.url;
  const oracleUrl = env[ENV.oracleUrl] ?? fromFile.oracle?.url;
  return {
    kafkaBrokers: (Array.isArray(brokers) ? brokers : brokers.split(',')).map((b) => b.trim()).filter((b) => b !== ''),
    ...(postgresUrl && { postgresUrl }),
    ...(oracleUrl && { oracleUrl }),
  };
}

/** Says which setting of the file is of the wrong kind, without echoing values (they may be secrets). */
function checkShape(file: unknown, path: string): asserts file is ConfigFile {
  const fail = (what: string) => {
    throw new Error(`config file ${path}: ${what}`);
  };
  if (file === null || typeof file !== 'object' || Array.isArray(file)) fail('expected a JSON object');
  const f = file as Record<string, unknown>;
  const section = (name: string) => {
    const v = f[name];
    if (v !== undefined && (v === null || typeof v !== 'object' || Array.isArray(v))) fail(`"${name}" must be an object`);
    return v as Record<string, unknown> | undefined;
  };
  const brokers = section('kafka')?.['brokers'];
  if (brokers !== undefined && typeof brokers !== 'string' && !(Array.isArray(brokers) && brokers.every((b) => typeof b === 'string'))) {
    fail('"kafka.brokers" must be a string ("host:port,host:port") or an array of strings');
  }
  for (const db of ['postgres', 'oracle']) {
    const url = section(db)?.['url'];
    if (url !== undefined && typeof url !== 'string') fail(`"${db}.url" must be a string`);
  }
}
