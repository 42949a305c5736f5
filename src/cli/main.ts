#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { compile } from '../compile.js';
import { formatDiagnostics } from '../compiler/diagnostics/formatDiagnostic.js';
import { explainQuery } from '../explain.js';
import { runFile } from './runFile.js';

const USAGE = `usage: k2o <command> [options] FILE.ksql

commands:
  check FILE      compile FILE and report errors; runs nothing
  explain FILE    print the logical and physical plan of each query
                  (--verbose: also the plan after each optimizer rule)
  run FILE        run the queries in FILE until stopped (Ctrl-C), or until a
                  bounded trigger (ONCE, AVAILABLE NOW) is done
                  (--config PATH: connection settings, default ./k2o.config.json)

Connections come from K2O_KAFKA_BROKERS, K2O_POSTGRES_URL and K2O_ORACLE_URL,
or from k2o.config.json; see README.`;

/** Exit codes: 0 done, 1 the text has errors, 2 bad command line, 3 failed while running. */
async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === '--version' || command === '-v') {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    process.stdout.write(`k2o ${pkg.version}\n`);
    return 0;
  }
  if (!command || command === 'help' || command === '--help' || command === '-h') {
    process.stdout.write(`${USAGE}\n`);
    return command ? 0 : 2;
  }
  const flags = new Set(rest.filter((a) => a.startsWith('--') && a !== '--config'));
  const configIndex = rest.indexOf('--config');
  const configFile = configIndex >= 0 ? rest[configIndex + 1] : undefined;
  const files = rest.filter((a, i) => !a.startsWith('--') && (configIndex < 0 || i !== configIndex + 1));
  const file = files[0];
  if (!['check', 'explain', 'run'].includes(command) || !file || files.length > 1) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    process.stderr.write(`k2o: cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`);
    return 2;
  }
  const result = compile(text);
  if (result.diagnostics.length > 0) process.stderr.write(`${formatDiagnostics(result.diagnostics, text, file)}\n`);
  if (result.diagnostics.some((d) => d.severity === 'error')) {
    const n = result.diagnostics.filter((d) => d.severity === 'error').length;
    process.stderr.write(`${n} error${n === 1 ? '' : 's'} in ${file}\n`);
    return 1;
  }
  switch (command) {
    case 'check':
      process.stdout.write(`${file}: ok (${result.queries.length} quer${result.queries.length === 1 ? 'y' : 'ies'}, ${result.streams.length} stream${result.streams.length === 1 ? '' : 's'})\n`);
      return 0;
    case 'explain':
      process.stdout.write(`${result.queries.map((q) => explainQuery(q, flags.has('--verbose') || q.explain?.verbose === true)).join('\n\n')}\n`);
      return 0;
    default:
      return runFile(result, text, file, configFile);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: Error) => {
    process.stderr.write(`k2o: internal error: ${e.stack ?? e.message}\n`);
    process.exitCode = 70;
  },
);
