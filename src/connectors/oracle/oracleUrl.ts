import { maskUrl } from '../maskUrl.js';

/** What oracledb.getConnection/createPool take, in Easy Connect form. */
export interface OracleConnectParams {
  readonly user: string;
  readonly password: string;
  /** `host:port/service_name` */
  readonly connectString: string;
}

/** Parses `oracle://user:password@host[:port]/service_name` (port defaults to 1521). */
export function parseOracleUrl(url: string): OracleConnectParams {
  const bad = (why: string): Error =>
    new Error(`invalid Oracle URL ${maskUrl(url)}: ${why}; expected oracle://user:password@host:1521/service_name`);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw bad('not a URL');
  }
  if (parsed.protocol !== 'oracle:') throw bad(`scheme is ${parsed.protocol} not oracle:`);
  if (parsed.username === '') throw bad('no user');
  if (parsed.hostname === '') throw bad('no host');
  const service = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  if (service === '' || service.includes('/')) throw bad('no service name');
  return {
    user: decodeURIComponent(parsed.username),
    password: decodeURIComponent(parsed.password),
    connectString: `${parsed.hostname}:${parsed.port || '1521'}/${service}`,
  };
}
