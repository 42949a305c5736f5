/**
 * The measurements that run in a child process of their own, by name. Each
 * module exports `run(params, channel)`; loading it lazily keeps a child's RSS
 * down to what its measurement needs.
 */
export const TASKS = {
  consumeKafkajs: () => import('../tasks/consumeKafkajs.js'),
  consumeSource: () => import('../tasks/consumeSource.js'),
  consumePlatformatic: () => import('../tasks/consumePlatformatic.js'),
  consumeConfluent: () => import('../tasks/consumeConfluent.js'),
  insertRows: () => import('../tasks/insertRows.js'),
  runQuery: () => import('../tasks/runQuery.js'),
  runCopy: () => import('../tasks/runCopy.js'),
  compileQueries: () => import('../tasks/compileQueries.js'),
  decodeRecords: () => import('../tasks/decodeRecords.js'),
  operatorPath: () => import('../tasks/operatorPath.js'),
} as const;

export type TaskName = keyof typeof TASKS;
export type TaskParams<N extends TaskName> = Parameters<Awaited<ReturnType<(typeof TASKS)[N]>>['run']>[0];
export type TaskValue<N extends TaskName> = Awaited<ReturnType<Awaited<ReturnType<(typeof TASKS)[N]>>['run']>>;

/** How a task talks to the harness while it runs (e.g. "consumer joined, start producing"). */
export interface TaskChannel {
  notify(event: string): void;
  /** Calls `listener` with each event the harness sends. */
  onEvent(listener: (event: string) => void): void;
}

/** Messages on the IPC channel. */
export type ToChild =
  { readonly type: 'start'; readonly name: TaskName; readonly params: unknown } | { readonly type: 'event'; readonly event: string };
export type FromChild =
  | { readonly type: 'done'; readonly value: unknown; readonly maxRssKb: number }
  | { readonly type: 'error'; readonly message: string }
  | { readonly type: 'event'; readonly event: string };
