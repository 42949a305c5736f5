/** How `k2o run` reports: its options, checked before anything runs. */
export interface RunOptions {
  readonly config: string | undefined;
  readonly logFormat: 'text' | 'json';
  readonly quiet: boolean;
  /** Off a terminal, a progress line per query this often. */
  readonly progressEveryMs: number;
  readonly metricsPort: number | undefined;
}

const DEFAULT_PROGRESS_SECONDS = 10;

/** The options of the command line, else their K2O_* variables; an error names the option and what it takes. */
export function readRunOptions(
  values: Readonly<Record<string, string | boolean | undefined>>,
  env: NodeJS.ProcessEnv,
): RunOptions | { error: string } {
  const str = (name: string) => (typeof values[name] === 'string' ? (values[name] as string) : undefined);
  const logFormat = str('log-format') ?? env['K2O_LOG_FORMAT'] ?? 'text';
  if (logFormat !== 'text' && logFormat !== 'json')
    return { error: `--log-format (or K2O_LOG_FORMAT) is text or json, not '${logFormat}'` };
  const every = str('progress-every') ?? String(DEFAULT_PROGRESS_SECONDS);
  const seconds = Number(every);
  if (!Number.isFinite(seconds) || seconds <= 0) return { error: `--progress-every takes seconds above 0, not '${every}'` };
  const port = str('metrics-port') ?? env['K2O_METRICS_PORT'];
  const metricsPort = port === undefined ? undefined : Number(port);
  if (metricsPort !== undefined && !(Number.isInteger(metricsPort) && metricsPort >= 0 && metricsPort <= 65535))
    return { error: `--metrics-port (or K2O_METRICS_PORT) takes a port number from 0 to 65535, not '${port}'` };
  return {
    config: str('config'),
    logFormat,
    quiet: values['quiet'] === true,
    progressEveryMs: seconds * 1000,
    metricsPort,
  };
}
