import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { FromChild, TaskName, TaskParams, TaskValue, ToChild } from './tasks.js';

const CHILD = fileURLToPath(new URL('./childMain.js', import.meta.url));

export interface TaskOutcome<V> {
  readonly value: V;
  /** Peak resident set size of the child process, in MB. */
  readonly peakRssMb: number;
}

export interface TaskOptions {
  /** Write a V8 CPU profile of the child into this directory. */
  readonly cpuProfDir?: string;
  /** Called for each event the child notifies (e.g. 'ready'). */
  readonly onEvent?: (event: string, handle: TaskHandle) => void;
  readonly timeoutMs?: number;
}

export interface TaskHandle {
  /** Sends an event the child's task may be waiting for (dropped once the child has ended). */
  send(event: string): void;
}

/** Runs one measurement in a fresh node process and returns its value and peak RSS. */
export function runTask<N extends TaskName>(name: N, params: TaskParams<N>, options: TaskOptions = {}): Promise<TaskOutcome<TaskValue<N>>> {
  const execArgv = options.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfDir}`] : [];
  const child = fork(CHILD, [], { execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  // A finished child has closed its channel; an event for it is moot.
  const handle: TaskHandle = { send: (event) => void (child.connected && child.send({ type: 'event', event } satisfies ToChild)) };
  return new Promise((resolve, reject) => {
    let outcome: TaskOutcome<TaskValue<N>> | undefined;
    let failure: Error | undefined;
    const timer = setTimeout(() => {
      failure = new Error(`bench task ${name} did not finish within ${(options.timeoutMs ?? 600_000) / 1000} s`);
      child.kill('SIGKILL');
    }, options.timeoutMs ?? 600_000);
    child.on('message', (m: FromChild) => {
      if (m.type === 'event') options.onEvent?.(m.event, handle);
      else if (m.type === 'done') outcome = { value: m.value as TaskValue<N>, peakRssMb: m.maxRssKb / 1024 };
      else failure = new Error(`bench task ${name} failed: ${m.message}`);
    });
    child.on('error', (e) => (failure ??= e));
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (outcome && !failure) resolve(outcome);
      else reject(failure ?? new Error(`bench task ${name} exited with ${signal ?? code} before reporting`));
    });
    child.send({ type: 'start', name, params } satisfies ToChild);
  });
}
