import { connectorWord, type ConnectorDescriptor } from '../core/ConnectorDescriptor.js';
import { connectionEnv, DEFAULT_CONFIG_FILE, type K2oConfig } from '../config/K2oConfig.js';
import { ConfigError } from './ConfigError.js';

/** The connector's connection URL from the config, or a message saying how to give it. */
export function connectionUrl(d: ConnectorDescriptor, config: K2oConfig): string {
  if (!d.connection) throw new Error(`internal: connector '${d.name}' has no connection setting`);
  const { key, example } = d.connection;
  const url = config.urls[key];
  if (!url)
    throw new ConfigError(
      `INTO ${connectorWord(d.name)} needs a connection: set ${connectionEnv(key)} (${example}) or ${key}.url in ${DEFAULT_CONFIG_FILE}`,
    );
  return url;
}
