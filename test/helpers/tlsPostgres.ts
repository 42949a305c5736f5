import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { issueServerCertificate, makeTestCa } from './testCertificates.js';

/** The newest server install's binaries (where scripts/services/postgres.sh finds them), or undefined. */
export function postgresBin(): string | undefined {
  const root = '/usr/lib/postgresql';
  let versions: string[];
  try {
    versions = readdirSync(root).filter((v) => readdirSync(join(root, v, 'bin')).includes('initdb'));
  } catch {
    return undefined;
  }
  const newest = versions.sort((a, b) => Number(a) - Number(b)).pop();
  return newest === undefined ? undefined : join(root, newest, 'bin');
}

/** A private PostgreSQL that accepts TLS connections only, its certificate issued to 127.0.0.1 by `caFile`. */
export interface TlsPostgres {
  readonly port: number;
  readonly caFile: string;
  /** A CA that did not sign the server's certificate. */
  readonly otherCaFile: string;
  /** `postgres://k2o@127.0.0.1:port/postgres`, without TLS parameters. */
  readonly url: string;
  stop(): void;
}

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const { port } = probe.address() as { port: number };
  await new Promise((r) => probe.close(r));
  return port;
}

/**
 * initdb and pg_ctl a cluster under a temp dir, on a free port, with ssl=on and
 * a pg_hba.conf that rejects a connection without TLS. As root the server runs
 * as `postgres`, as scripts/services/postgres.sh does.
 */
export async function startTlsPostgres(bin: string): Promise<TlsPostgres> {
  const dir = mkdtempSync(join(tmpdir(), 'k2o-tls-pg-'));
  const asRoot = process.getuid?.() === 0;
  const uid = asRoot ? Number(execFileSync('id', ['-u', 'postgres']).toString().trim()) : undefined;
  const gid = asRoot ? Number(execFileSync('id', ['-g', 'postgres']).toString().trim()) : undefined;
  const own = (path: string) => uid !== undefined && chownSync(path, uid, gid!);
  // As root, the server's tools run as `postgres` (it refuses to run as root), by uid and gid: no runuser on the PATH needed.
  const run = (cmd: string, args: string[]) =>
    asRoot ? execFileSync(cmd, args, { stdio: 'pipe', cwd: '/', uid: uid!, gid: gid! }) : execFileSync(cmd, args, { stdio: 'pipe' });
  own(dir);
  const file = (name: string) => join(dir, name);
  for (const ca of ['ca', 'other-ca']) makeTestCa(dir, ca);
  issueServerCertificate(dir, 'ca');
  // The server refuses a key others can read.
  chmodSync(file('server.key'), 0o600);
  own(file('server.key'));
  own(file('server.pem'));
  const data = file('data');
  const socketDir = file('run');
  mkdirSync(socketDir);
  own(socketDir);
  run(join(bin, 'initdb'), ['-D', data, '-U', 'k2o', '--auth=trust', '--encoding=UTF8', '--locale=C']);
  const hba = file('pg_hba.conf');
  writeFileSync(hba, 'local all all trust\nhostnossl all all 127.0.0.1/32 reject\nhostssl all all 127.0.0.1/32 trust\n');
  own(hba);
  const port = await freePort();
  const options = [
    `-p ${port}`,
    `-k ${socketDir}`,
    '-c listen_addresses=127.0.0.1',
    '-c ssl=on',
    `-c ssl_cert_file=${file('server.pem')}`,
    `-c ssl_key_file=${file('server.key')}`,
    `-c hba_file=${hba}`,
    '-c fsync=off',
  ].join(' ');
  run(join(bin, 'pg_ctl'), ['-D', data, '-l', file('server.log'), '-o', options, '-w', '-t', '60', 'start']);
  return {
    port,
    caFile: file('ca.pem'),
    otherCaFile: file('other-ca.pem'),
    url: `postgres://k2o@127.0.0.1:${port}/postgres`,
    stop: () => {
      run(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', '-t', '30', 'stop']);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
