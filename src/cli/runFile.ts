import type { CompileResult } from '../compile.js';
import { ConfigError } from '../connectors/ConfigError.js';
import { BUILTIN_DESCRIPTORS } from '../connectors/registry.js';
import { maskUrl } from '../connectors/maskUrl.js';
import { describeKafkaSecurity } from '../config/kafkaSecurity.js';
import { formatDiagnostics } from '../compiler/diagnostics/formatDiagnostic.js';
import { explainQuery } from '../explain.js';
import { describeCommands } from './describeCommands.js';
import { DeclaredTableError, Engine, isUnreachable, loadConfig, type K2oConfig, type Logger, type Query } from '../engine/index.js';

/** What the command gives every file's run: its logger, and who watches each query started. */
export interface RunContext {
  readonly log: Logger;
  readonly watch: (query: Query, text: string) => void;
}

/**
 * `k2o run`: every query of the file runs side by side. SIGINT/SIGTERM let the
 * batch in flight commit, then each query stops and the process exits 0; a
 * second signal exits at once (nothing uncommitted is acknowledged, so nothing
 * is lost, only redone on restart).
 */
export async function runFile(
  result: CompileResult,
  text: string,
  file: string,
  configFile: string | undefined,
  { log, watch }: RunContext,
): Promise<number> {
  let config;
  try {
    config = loadConfig(process.env, configFile);
  } catch (e) {
    log.error((e as Error).message);
    return 2;
  }
  for (const q of result.queries) if (q.explain) process.stdout.write(`${explainQuery(q, q.explain.verbose)}\n`);
  for (const line of describeCommands(result)) process.stdout.write(`${line}\n`);
  const runnable = result.queries.filter((q) => !q.explain);
  const gaps = runnable.flatMap((q) => q.runtimeGaps);
  if (gaps.length > 0) {
    process.stderr.write(`${formatDiagnostics(gaps, text, file)}\n`);
    process.stderr.write(`nothing was run: ${gaps.length} feature${gaps.length === 1 ? '' : 's'} of ${file} cannot run yet\n`);
    return 1;
  }
  if (runnable.length === 0) return 0;
  // A failing query is reported at once and stops the others: a process that
  // looks alive while one of its queries is dead would fool its supervisor.
  const engine = new Engine({ ...config, log, stopOnFailure: true });
  let stopping = false;
  let signals = 0;
  const onSignal = (sig: string) => {
    signals++;
    if (signals > 1) {
      log.warn(`${sig} again: exiting without waiting for the batch in flight (it will be redone on restart)`);
      process.exit(130);
    }
    log.info(`${sig}: finishing the batch in flight, then stopping`);
    stopping = true;
    void engine.stopAll();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  log.info(
    `connecting to Kafka at ${config.kafkaBrokers.join(',')}${describeKafkaSecurity(config.kafkaSecurity)}` +
      BUILTIN_DESCRIPTORS.flatMap((d) => {
        const url = d.connection && config.urls[d.connection.key];
        return url ? [`, ${d.displayName} at ${maskUrl(url)}`] : [];
      }).join(''),
  );
  let failed = 0;
  let failedWhileRunning = 0;
  let tablesRefused = false;
  for (const q of engine.start(result)) {
    watch(q, text);
    q.on('status', (s) => {
      if (s.state !== 'FAILED') return;
      failed++;
      // Every query waits for the CREATE TABLE statements: their refusal is said once, at the statements.
      if (s.error instanceof DeclaredTableError) {
        if (!tablesRefused)
          process.stderr.write(
            `${formatDiagnostics(s.error.diagnostics, text, file)}\nnothing was run: a table of ${file} does not match its CREATE TABLE\n`,
          );
        tablesRefused = true;
        return;
      }
      if (!isUnreachable(s.error)) failedWhileRunning++;
      const detail = s.error instanceof ConfigError ? s.error.message : maskSecrets(s.error.message, config);
      log.error(`query ${q.id} failed: ${detail}`, { query: q.id, event: 'failed' });
      if (!stopping && runnable.length > 1) log.error('stopping the other queries of this file');
      stopping = true;
    });
  }
  await engine.awaitTermination();
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
  if (tablesRefused) return 1;
  if (failed === 0) return 0;
  return failedWhileRunning > 0 ? 3 : 4;
}

/** Driver messages sometimes echo the connection string; never print a password. */
function maskSecrets(message: string, config: K2oConfig): string {
  let out = message;
  for (const url of Object.values(config.urls)) out = out.split(url).join(maskUrl(url));
  return out;
}
