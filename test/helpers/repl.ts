import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { CLI } from './cli.js';

const ENV = {
  K2O_KAFKA_BROKERS: process.env['K2O_KAFKA_BROKERS'] ?? '127.0.0.1:19092',
  K2O_POSTGRES_URL: process.env['K2O_POSTGRES_URL'] ?? 'postgres://k2o@127.0.0.1:55432/k2o',
};

/** Resolves once `check` holds, polling every 100 ms (after `refresh`, if given); rejects with `describe()` at the timeout. */
export async function until(
  check: () => boolean,
  describe: () => string,
  timeoutMs = 30_000,
  refresh?: () => Promise<void>,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await refresh?.();
    if (check()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting; so far:\n${describe()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** `k2o repl` with piped standard input, fed statement by statement as a script would. */
export class PipedRepl {
  stdout = '';
  stderr = '';
  private readonly child: ChildProcess;
  readonly exited: Promise<number | null>;

  constructor(args: readonly string[] = [], env: Record<string, string> = {}) {
    this.child = spawn(process.execPath, [CLI, 'repl', ...args], {
      env: { ...process.env, ...ENV, ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.child.stdout!.on('data', (d: Buffer) => (this.stdout += d.toString()));
    this.child.stderr!.on('data', (d: Buffer) => (this.stderr += d.toString()));
    this.exited = new Promise((resolve) => this.child.on('exit', (code) => resolve(code)));
  }

  send(text: string): void {
    this.child.stdin!.write(text);
  }

  /** Waits until stdout (or stderr) matches. */
  async waitFor(pattern: RegExp, stream: 'stdout' | 'stderr' = 'stdout', timeoutMs = 30_000): Promise<void> {
    await until(
      () => pattern.test(this[stream]),
      () => `stdout:\n${this.stdout}\nstderr:\n${this.stderr}`,
      timeoutMs,
    );
  }

  /** Ends standard input and waits for the exit code. */
  async end(): Promise<number | null> {
    this.child.stdin!.end();
    return this.exited;
  }

  signal(signal: NodeJS.Signals): void {
    this.child.kill(signal);
  }

  kill(): void {
    this.child.kill('SIGKILL');
  }
}

/**
 * `k2o repl` on a pseudo-terminal: a detached tmux session on a server socket of
 * the test's own, typed into with send-keys and read with capture-pane.
 */
export class TmuxRepl {
  private readonly socket: string;

  constructor(
    private readonly name: string,
    env: Record<string, string>,
  ) {
    this.socket = `k2o-${name}`;
    const vars = Object.entries({ ...ENV, ...env }).map(([k, v]) => `${k}=${v}`);
    execFileSync('tmux', [
      '-L',
      this.socket,
      'new-session',
      '-d',
      '-s',
      name,
      '-x',
      '160',
      '-y',
      '50',
      'env',
      ...vars,
      process.execPath,
      CLI,
      'repl',
    ]);
  }

  /** Keys as tmux names them: literal text, or `Tab`, `Enter`, `Up`, `C-c`. */
  keys(...keys: string[]): void {
    execFileSync('tmux', ['-L', this.socket, 'send-keys', '-t', this.name, ...keys]);
  }

  /** Types text literally (no key names read in it). */
  type(text: string): void {
    // tmux reads an argument ending in ';' as the end of its command, unless escaped.
    execFileSync('tmux', ['-L', this.socket, 'send-keys', '-t', this.name, '-l', text.replace(/;$/, '\\;')]);
  }

  screen(): string {
    return execFileSync('tmux', ['-L', this.socket, 'capture-pane', '-p', '-t', this.name], { encoding: 'utf8' });
  }

  async waitFor(pattern: RegExp, timeoutMs = 30_000): Promise<void> {
    await until(
      () => pattern.test(this.screen()),
      () => this.screen(),
      timeoutMs,
    );
  }

  /** Whether the REPL has left (tmux ends the session with its one program). */
  alive(): boolean {
    try {
      execFileSync('tmux', ['-L', this.socket, 'has-session', '-t', this.name], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  }

  /** Ends the test's tmux server, and with it the session if it is still there. */
  close(): void {
    try {
      execFileSync('tmux', ['-L', this.socket, 'kill-server'], { stdio: 'ignore' });
    } catch {
      // Already gone with its last session.
    }
  }
}
