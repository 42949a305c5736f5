import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { availableParallelism, loadavg, totalmem } from 'node:os';
import type pg from 'pg';

/** Where the figures came from: they mean little without it. */
export interface MachineInfo {
  readonly cpus: number;
  readonly cpuModel: string;
  readonly memoryGb: number;
  /** 1-minute load average when the run started: other work on the machine skews every figure. */
  readonly loadAverage: number;
  readonly node: string;
  readonly kafka: string;
  readonly postgres: string;
  readonly kafkajs: string;
  readonly pg: string;
  readonly commit: string;
}

export async function machineInfo(db: pg.Client): Promise<MachineInfo> {
  const cpuinfo = existsSync('/proc/cpuinfo') ? readFileSync('/proc/cpuinfo', 'utf8') : '';
  return {
    cpus: availableParallelism(),
    cpuModel: /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1]?.trim() ?? 'unknown',
    memoryGb: Math.round(totalmem() / 2 ** 30),
    loadAverage: loadavg()[0]!,
    node: process.version,
    kafka: kafkaVersion(),
    postgres: (await db.query<{ server_version: string }>('SHOW server_version')).rows[0]!.server_version,
    kafkajs: packageVersion('kafkajs'),
    pg: packageVersion('pg'),
    commit: gitCommit(),
  };
}

/** From the broker jar that scripts/services/kafka.sh runs (kafka_2.13-X.jar); the protocol does not tell. */
function kafkaVersion(): string {
  const libs = '.cache/kafka/libs';
  const jar = existsSync(libs) ? readdirSync(libs).find((f) => /^kafka_[\d.]+-[\d.]+\.jar$/.test(f)) : undefined;
  return jar ? jar.replace(/^kafka_[\d.]+-/, '').replace(/\.jar$/, '') : 'unknown (not the local broker)';
}

function packageVersion(name: string): string {
  try {
    return (JSON.parse(readFileSync(`node_modules/${name}/package.json`, 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

function gitCommit(): string {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
    return dirty ? `${head} (with uncommitted changes)` : head;
  } catch {
    return 'unknown';
  }
}

export function formatMachine(m: MachineInfo): string {
  return (
    `${m.cpus} cpus (${m.cpuModel}), ${m.memoryGb} GB, load ${m.loadAverage.toFixed(2)} at start; ` +
    `Node ${m.node}, Kafka ${m.kafka}, PostgreSQL ${m.postgres}, kafkajs ${m.kafkajs}, pg ${m.pg}; commit ${m.commit}`
  );
}
