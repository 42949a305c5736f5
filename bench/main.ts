import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { brokersFromEnv, createKafka } from '../src/connectors/kafka/kafkaClient.js';
import { loadOrders } from './data/loadOrders.js';
import { parseOptions, UsageError, USAGE } from './options.js';
import { formatProfile } from './profile/summarizeProfile.js';
import { SCENARIOS } from './registry.js';
import { selectScenarios } from './selectScenarios.js';
import { formatMachine, machineInfo } from './report/machine.js';
import { formatTable } from './report/table.js';
import type { BenchContext, Result } from './Scenario.js';

/**
 * `npm run bench [-- --quick]`: loads the orders once, runs every limit and
 * scenario of the registry, each measurement in a fresh child process, then
 * prints one table and writes it with all details to bench/results/<time>.json.
 * Run from the repository root (scripts/bench.sh does).
 */
async function main(argv: readonly string[]): Promise<number> {
  let options;
  try {
    options = parseOptions(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`bench: ${e.message}\n${USAGE}\n`);
    return 2;
  }
  const selected = selectScenarios(SCENARIOS, options.only);
  if ('error' in selected) {
    process.stderr.write(`bench: ${selected.error}\n${USAGE}\n`);
    return 2;
  }
  const started = Date.now();
  const progress = (m: string): void =>
    void process.stderr.write(`[bench +${((Date.now() - started) / 1000).toFixed(0).padStart(3)} s] ${m}\n`);
  const brokers = brokersFromEnv();
  const postgresUrl = process.env['K2O_POSTGRES_URL'] ?? 'postgres://k2o@127.0.0.1:55432/k2o';
  const kafka = createKafka(brokers, 'k2o-bench');
  const db = new pg.Client({ connectionString: postgresUrl });
  await db.connect();
  try {
    const machine = await machineInfo(db);
    progress(formatMachine(machine));
    const runId = new Date(started).toISOString().replace(/[-:]/g, '').replace(/\..*$/, '').toLowerCase();

    progress(`loading ${options.records.toLocaleString('en')} orders into ${options.partitions} partitions`);
    const load = await loadOrders(kafka, runId, options.records, options.partitions);
    const results: Result[] = [
      {
        id: 'L0',
        title: 'kafkajs produce (the load, acks=all)',
        records: load.dataset.records,
        seconds: load.seconds,
        rate: load.dataset.records / load.seconds,
        note: `${(load.dataset.bytes / load.dataset.records).toFixed(0)} bytes/record, topic ${load.dataset.topic}`,
      },
    ];
    const oracleUrl = process.env['K2O_ORACLE_URL'];
    const ctx: BenchContext = {
      options,
      brokers,
      postgresUrl,
      ...(oracleUrl && { oracleUrl }),
      db,
      kafka,
      dataset: load.dataset,
      runId,
      results,
      progress,
    };

    // Other work on the machine (a test run, a build) skews every figure; the
    // 1-minute load average after each scenario shows when that happened.
    const loadAfter: Record<string, number> = {};
    for (const scenario of selected.scenarios) {
      if (options.quick && scenario.quick === false) continue;
      try {
        results.push(...(await scenario.run(ctx)));
      } catch (e) {
        const message = (e as Error).message;
        progress(`${scenario.id} failed: ${message}`);
        results.push({ id: scenario.id, title: 'FAILED', note: message.split('\n')[0]! });
      }
      loadAfter[scenario.id] = loadavg()[0]!;
    }
    const [busiest, maxLoad] = Object.entries(loadAfter).sort((a, b) => b[1] - a[1])[0] ?? ['', 0];

    const table = formatTable(results);
    const profiles = results.filter((r) => r.profile).map((r) => formatProfile(`${r.id} ${r.title}`, r.profile!));
    process.stdout.write(
      `\nk2o bench${options.quick ? ' --quick' : ''}, ${options.records.toLocaleString('en')} orders — ${formatMachine(machine)}\n\n${table}\n`,
    );
    process.stdout.write(
      '\nrate: records/s read (L7–L10i: rows/s written), from the consumer joining its group to the last record handled.\n' +
        "ceiling: min(L2, best of L7, L7b, L8, L9 ÷ the query's rows out per record in), each limit measured alone.\n" +
        'latency: commit of the record\'s batch − its produce timestamp; "backlog": the topic was loaded before the run, so mostly time spent queued; "steady": produced at a fixed rate while the query ran.\n',
    );
    process.stdout.write(
      `load average (1 min): ${machine.loadAverage.toFixed(2)} at start, at most ${maxLoad.toFixed(2)} (after ${busiest})` +
        // The benchmark with its broker and database alone keeps about 2-3 threads busy.
        (maxLoad > 2 * machine.cpus
          ? ` — over twice the ${machine.cpus} cpus: other work was probably running, figures are low and noisy`
          : '') +
        '\n',
    );
    if (profiles.length > 0) process.stdout.write(`\n${profiles.join('\n\n')}\n`);
    mkdirSync(options.resultsDir, { recursive: true });
    const file = join(options.resultsDir, `${runId}${options.quick ? '-quick' : ''}.json`);
    writeFileSync(
      file,
      `${JSON.stringify({ startedAt: new Date(started).toISOString(), options: { ...options, only: options.only && [...options.only] }, machine, loadAfter, results, seconds: (Date.now() - started) / 1000 }, null, 2)}\n`,
    );
    progress(`done in ${((Date.now() - started) / 1000).toFixed(0)} s; results in ${file}`);
    return results.some((r) => r.title === 'FAILED') ? 1 : 0;
  } finally {
    await db.end();
  }
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (e: Error) => {
    process.stderr.write(`bench failed: ${e.stack ?? e.message}\n`);
    process.exitCode = 1;
  },
);
