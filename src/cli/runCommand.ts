import { loadConfig } from '../config/K2oConfig.js';
import type { Query } from '../engine/index.js';
import type { MonitorServer } from '../monitor/MonitorServer.js';
import { stderrLogger, type Logger } from '../runtime/Logger.js';
import { compileInputs } from './compileInputs.js';
import { periodicProgress, quietProgress, terminalProgress, type ProgressReporter } from './progressReporter.js';
import type { InputText } from './readInputs.js';
import { runFile } from './runFile.js';
import { shrinkHeapWhenIdleAfterStart } from './idleFootprint.js';
import { readRunOptions, type RunOptions } from './runOptions.js';

/**
 * `k2o run FILE…`: nothing runs unless every file compiles; then the files run
 * side by side, and the exit code is the worst of theirs. One logger, one
 * progress report and one monitoring port serve every file's queries. pino
 * (--log-format json) and the monitoring server with prom-client
 * (--metrics-port) are imported only when asked for: over a hundred modules
 * and 7 MB of idle RSS that a plain `k2o run` never uses.
 */
export async function runCommand(
  inputs: readonly InputText[],
  values: Readonly<Record<string, string | boolean | undefined>>,
): Promise<number> {
  const options = readRunOptions(values, process.env);
  if ('error' in options) {
    process.stderr.write(`k2o run: ${options.error}\nsee: k2o run --help\n`);
    return 2;
  }
  const base = options.logFormat === 'json' ? (await import('../runtime/jsonLogger.js')).jsonLogger() : stderrLogger();
  const { compiled, ok } = compileInputs(inputs);
  if (!ok) return 1;
  try {
    // Once for all files, so a bad config file is reported once, before anything runs.
    loadConfig(process.env, options.config);
  } catch (e) {
    base.error((e as Error).message);
    return 2;
  }
  const progress = reporter(options, base);
  const monitor = options.metricsPort === undefined ? undefined : new (await import('../monitor/Monitor.js')).Monitor();
  let server: MonitorServer | undefined;
  if (monitor) {
    try {
      const { MonitorServer } = await import('../monitor/MonitorServer.js');
      server = await MonitorServer.start(monitor, { port: options.metricsPort! });
    } catch (e) {
      base.error(`cannot serve monitoring on port ${options.metricsPort}: ${(e as Error).message}`);
      return 2;
    }
    progress.log.info(`monitoring at http://localhost:${server.port}/ (metrics at /metrics, health at /health/ready)`, {
      event: 'monitoring',
      port: server.port,
    });
  }
  const footprint = shrinkHeapWhenIdleAfterStart();
  const watch = (q: Query, text: string) => {
    progress.watch(q);
    footprint.watch(q);
    monitor?.watch(q, text);
  };
  try {
    const codes = await Promise.all(
      compiled.map(({ input, result }) => runFile(result, input.text, input.name, options.config, { log: progress.log, watch })),
    );
    return Math.max(...codes);
  } finally {
    footprint.stop();
    progress.stop();
    await server?.close();
  }
}

function reporter(options: RunOptions, log: Logger): ProgressReporter {
  if (options.quiet) return quietProgress(log);
  // A terminal gets live lines; a JSON log is for machines, which read the periodic lines.
  if (process.stderr.isTTY && options.logFormat === 'text') return terminalProgress(log);
  return periodicProgress(log, options.progressEveryMs);
}
