import { packageRoot } from '../core/packageRoot.js';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Monitor } from './Monitor.js';

/** The console's files, served as they are: the page fetches nothing from elsewhere. */
const CONSOLE_DIR = new URL('web/', packageRoot());
const CONSOLE_FILES: Readonly<Record<string, { file: string; type: string }>> = {
  '/': { file: 'console.html', type: 'text/html; charset=utf-8' },
  '/console.js': { file: 'console.js', type: 'text/javascript; charset=utf-8' },
  '/console.css': { file: 'console.css', type: 'text/css; charset=utf-8' },
};

export interface MonitorServerOptions {
  readonly port: number;
  /** Default: every interface, as a container's probes need. */
  readonly host?: string;
}

/**
 * The monitoring endpoints on one port (docs/monitoring.md): `/metrics`
 * (Prometheus), `/health/live`, `/health/ready`, `/api/queries` (JSON) and the
 * web console at `/`.
 */
export class MonitorServer {
  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  static async start(monitor: Monitor, options: MonitorServerOptions): Promise<MonitorServer> {
    const server = createServer((req, res) => {
      route(monitor, req, res).catch((e: Error) => send(res, 500, 'text/plain; charset=utf-8', `internal error: ${e.message}\n`));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port, options.host, () => resolve());
    });
    // The endpoints are there for as long as the queries run; they never hold the process up.
    server.unref();
    return new MonitorServer(server, (server.address() as AddressInfo).port);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

async function route(monitor: Monitor, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = new URL(req.url ?? '/', 'http://localhost').pathname;
  if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'text/plain; charset=utf-8', 'only GET\n');
  switch (path) {
    case '/metrics':
      return send(res, 200, monitor.metrics.contentType, await monitor.metrics.text());
    case '/health/live':
      return json(res, 200, { status: 'live' });
    case '/health/ready': {
      const r = monitor.readiness();
      return json(res, r.ready ? 200 : 503, { status: r.ready ? 'ready' : 'not ready', reasons: r.reasons });
    }
    case '/api/queries':
      return json(res, 200, { now: new Date().toISOString(), queries: monitor.views() });
  }
  const file = CONSOLE_FILES[path];
  if (!file) return send(res, 404, 'text/plain; charset=utf-8', `no such page: ${path}\n`);
  return send(res, 200, file.type, await readFile(new URL(file.file, CONSOLE_DIR), 'utf8'));
}

function json(res: ServerResponse, code: number, body: unknown): void {
  send(res, code, 'application/json; charset=utf-8', `${JSON.stringify(body)}\n`);
}

function send(res: ServerResponse, code: number, type: string, body: string): void {
  res.writeHead(code, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(body);
}
