import { TASKS, type FromChild, type TaskChannel, type TaskName, type ToChild } from './tasks.js';

/**
 * Entry point of a measurement child process (forked by runTask): one task per
 * process, so each figure's peak RSS is its own and a --cpu-prof profile holds
 * only that task.
 */
const listeners: ((event: string) => void)[] = [];

const send = (message: FromChild): Promise<void> => new Promise((resolve) => process.send!(message, () => resolve()));

const channel: TaskChannel = {
  notify: (event) => void send({ type: 'event', event }),
  onEvent: (listener) => void listeners.push(listener),
};

// The harness died (Ctrl-C, a crash): an orphaned consumer would linger in its
// group and disturb the next run's measurements.
process.on('disconnect', () => process.exit(1));

process.on('message', (message: ToChild) => {
  if (message.type === 'event') {
    for (const listener of listeners) listener(message.event);
    return;
  }
  void start(message.name, message.params);
});

async function start(name: TaskName, params: unknown): Promise<void> {
  try {
    const task = (await TASKS[name]()) as { run(p: unknown, c: TaskChannel): Promise<unknown> };
    const value = await task.run(params, channel);
    // maxRSS is in kilobytes: the high-water mark of this process, task included.
    await send({ type: 'done', value, maxRssKb: process.resourceUsage().maxRSS });
    // Exit, not drain: a client's lingering socket must not hold the process (and
    // process.exit still writes a --cpu-prof profile).
    process.exit(0);
  } catch (e) {
    await send({ type: 'error', message: e instanceof Error ? (e.stack ?? e.message) : String(e) });
    process.exit(1);
  }
}
