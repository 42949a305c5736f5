import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** The bundled CLI, as users run it (`npm test` builds dist/ first). */
export const CLI = resolve('dist/bin/k2o.js');

export interface CliRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Writes `text` to a fresh .ksql file and returns its path. */
export function ksqlFile(text: string, name = 'query.ksql'): string {
  const dir = mkdtempSync(join(tmpdir(), 'k2o-test-'));
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/**
 * Runs `k2o ARGS…` to completion. `onStderr` sees output as it arrives, so a
 * test can act (send a signal) at a chosen moment of a run.
 */
export interface CliOptions {
  readonly timeoutMs?: number;
  /** Variables added to (and overriding) the test's environment. */
  readonly env?: Record<string, string>;
  /** Written to the child's standard input, then closed; without it stdin is closed from the start. */
  readonly input?: string;
  readonly onStderr?: (text: string, child: ReturnType<typeof spawn>) => void;
}

export function runCli(args: readonly string[], opts: CliOptions = {}): Promise<CliRun> {
  return new Promise((resolvePromise, reject) => {
    const env = {
      ...process.env,
      K2O_KAFKA_BROKERS: process.env['K2O_KAFKA_BROKERS'] ?? '127.0.0.1:19092',
      K2O_POSTGRES_URL: process.env['K2O_POSTGRES_URL'] ?? 'postgres://k2o@127.0.0.1:55432/k2o',
      ...opts.env,
    };
    const child = spawn(process.execPath, [CLI, ...args], { env, stdio: [opts.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
    if (opts.input !== undefined) child.stdin?.end(opts.input);
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr!.on('data', (d: Buffer) => {
      stderr += d.toString();
      opts.onStderr?.(stderr, child);
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`k2o ${args.join(' ')} did not finish in ${opts.timeoutMs ?? 60_000} ms\n${stderr}`));
    }, opts.timeoutMs ?? 60_000);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolvePromise({ code, signal, stdout, stderr });
    });
  });
}
