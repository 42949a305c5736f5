import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createEmptyTopic } from '../data/loadOrders.js';
import { s1Query } from '../queries.js';
import type { BenchContext, Result, Scenario } from '../Scenario.js';
import { resetQueryTable } from './resetQueryTable.js';

const CLI = fileURLToPath(new URL('../../bin/k2o.js', import.meta.url));
const REPEATS = 3;
/** How long the idle process settles before its RSS is read. */
const IDLE_SETTLE_MS = 3_000;

/**
 * S4: start-up as a user sees it, through the real CLI in its own process:
 * `k2o check` wall time, `k2o run` until its first batch is committed (the
 * query's first row in k2o_offsets, which commits with the batch), and the RSS
 * of `k2o run` idling on an empty topic. Medians of 3.
 */
export const startupScenario: Scenario = {
  id: 'S4',
  async run(ctx: BenchContext): Promise<Result[]> {
    const dir = mkdtempSync(join(tmpdir(), 'k2o-bench-'));
    const table = 'bench_s4';
    const file = join(dir, 's4.ksql');
    writeFileSync(file, s1Query(ctx.dataset.topic, table, 'CONTINUOUS'));
    const env = { ...process.env, K2O_KAFKA_BROKERS: ctx.brokers.join(','), K2O_POSTGRES_URL: ctx.postgresUrl };

    ctx.progress('S4 k2o check');
    const checks: number[] = [];
    for (let i = 0; i < REPEATS; i++) {
      const started = performance.now();
      const code = await new Promise<number | null>((res) =>
        spawn(process.execPath, [CLI, 'check', file], { env, stdio: 'ignore' }).on('exit', res),
      );
      if (code !== 0) throw new Error(`k2o check exited with ${code}`);
      checks.push(performance.now() - started);
    }

    ctx.progress('S4 k2o run → first committed batch');
    const firsts: number[] = [];
    for (let i = 0; i < REPEATS; i++) {
      await resetQueryTable(ctx.db, table);
      const started = performance.now();
      const child = spawn(process.execPath, [CLI, 'run', file], { env, stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const exited = new Promise<void>((res) => child.on('exit', () => res()));
      try {
        while (!(await committed(ctx, table))) {
          if (child.exitCode !== null) throw new Error(`k2o run exited with ${child.exitCode} before its first batch:\n${stderr}`);
          await sleep(5);
        }
        firsts.push(performance.now() - started);
      } finally {
        child.kill('SIGTERM');
        await exited;
      }
    }

    ctx.progress('S4 k2o run idle on an empty topic');
    const idleTopic = await createEmptyTopic(ctx.kafka, `${ctx.runId}_idle`, ctx.dataset.partitions);
    const idleFile = join(dir, 'idle.ksql');
    writeFileSync(idleFile, s1Query(idleTopic, `${table}_idle`, 'CONTINUOUS'));
    await resetQueryTable(ctx.db, `${table}_idle`);
    const idle = await idleRss(idleFile, env);

    const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    return [
      { id: 'S4a', title: 'k2o check (process start to exit)', millis: median(checks), details: { runs: checks } },
      {
        id: 'S4b',
        title: 'k2o run → first committed batch',
        millis: median(firsts),
        note: `pre-loaded topic, batches of 10,000; runs ${firsts.map((x) => x.toFixed(0)).join(', ')} ms`,
        details: { runs: firsts },
      },
      {
        id: 'S4c',
        title: 'k2o run idle on an empty topic',
        millis: idle.readyMillis,
        peakRssMb: idle.peakMb,
        note: `RSS ${idle.rssMb.toFixed(0)} MB after ${IDLE_SETTLE_MS / 1000} s idle (peak ${idle.peakMb.toFixed(0)} MB); time = until 'started' is logged`,
        details: idle,
      },
    ];
  },
};

async function committed(ctx: BenchContext, table: string): Promise<boolean> {
  try {
    return (await ctx.db.query('SELECT 1 FROM k2o_offsets WHERE query_id = $1 LIMIT 1', [table])).rowCount! > 0;
  } catch {
    return false; // the offsets table does not exist yet
  }
}

/** `k2o run` on a topic with no records: RSS once it has started and settled. */
async function idleRss(file: string, env: NodeJS.ProcessEnv): Promise<{ readyMillis: number; rssMb: number; peakMb: number }> {
  const started = performance.now();
  const child = spawn(process.execPath, [CLI, 'run', file], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  const exited = new Promise<void>((res) => child.on('exit', () => res()));
  try {
    const readyMillis = await new Promise<number>((res, rej) => {
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => {
        stderr += d.toString();
        if (/query \S+: started/.test(stderr)) res(performance.now() - started);
      });
      child.on('exit', (code) => rej(new Error(`k2o run exited with ${code} while idle:\n${stderr}`)));
    });
    await sleep(IDLE_SETTLE_MS);
    const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
    const kb = (field: string): number => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { readyMillis, rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
