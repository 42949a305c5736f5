import { maskUrl } from '../maskUrl.js';

/** What oracledb.getConnection/createPool take (thin mode). */
export interface OracleConnectParams {
  readonly user: string;
  readonly password: string;
  /** Easy Connect `host:port/service_name` (`tcps://…` over TLS), or a TNS alias looked up in `configDir`'s tnsnames.ora. */
  readonly connectString: string;
  /** The folder of tnsnames.ora (and sqlnet.ora). */
  readonly configDir?: string;
  /** The folder of the wallet's ewallet.pem, for TCPS (mutual TLS, as an Autonomous Database asks). */
  readonly walletLocation?: string;
  /** Never printed: masked like the URL's password. */
  readonly walletPassword?: string;
}

/** The URL's parameters, by node-oracledb's names; `protocol=tcps` turns Easy Connect into TLS. */
const PARAMETERS = ['protocol', 'configDir', 'walletLocation', 'walletPassword'] as const;

/**
 * Parses `oracle://user:password@host[:port]/service_name` (port defaults to
 * 1521) into Easy Connect, or `oracle://user:password@ALIAS?configDir=/path`
 * into a TNS alias; `walletLocation`, `walletPassword` and `protocol=tcps` go
 * to node-oracledb as they are.
 */
export function parseOracleUrl(url: string): OracleConnectParams {
  const bad = (why: string): Error =>
    new Error(
      `invalid Oracle URL ${maskUrl(url)}: ${why}; expected oracle://user:password@host:1521/service_name or oracle://user:password@TNS_ALIAS?configDir=/path`,
    );
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw bad('not a URL');
  }
  if (parsed.protocol !== 'oracle:') throw bad(`scheme is ${parsed.protocol} not oracle:`);
  if (parsed.username === '') throw bad('no user');
  if (parsed.hostname === '') throw bad('no host');
  const params: Partial<Record<(typeof PARAMETERS)[number], string>> = {};
  for (const [name, value] of parsed.searchParams) {
    const known = PARAMETERS.find((p) => p === name);
    if (!known) throw bad(`unknown parameter ${name} (known: ${PARAMETERS.join(', ')})`);
    params[known] = value;
  }
  const protocol = params.protocol?.toLowerCase();
  if (protocol !== undefined && protocol !== 'tcp' && protocol !== 'tcps') throw bad('protocol must be tcp or tcps');
  const service = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  if (service.includes('/')) throw bad('no service name');
  if (service === '' && params.configDir === undefined) throw bad('no service name (a TNS alias needs configDir)');
  if (service === '' && (parsed.port !== '' || protocol !== undefined))
    throw bad('a TNS alias takes no port or protocol: tnsnames.ora says them');
  return {
    user: decodeURIComponent(parsed.username),
    password: decodeURIComponent(parsed.password),
    connectString:
      service === ''
        ? decodeURIComponent(parsed.hostname)
        : `${protocol === 'tcps' ? 'tcps://' : ''}${parsed.hostname}:${parsed.port || '1521'}/${service}`,
    ...(params.configDir !== undefined && { configDir: params.configDir }),
    ...(params.walletLocation !== undefined && { walletLocation: params.walletLocation }),
    ...(params.walletPassword !== undefined && { walletPassword: params.walletPassword }),
  };
}
