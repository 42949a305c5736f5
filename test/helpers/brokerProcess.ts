import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';

/** The jars scripts/services/kafka.sh fetched; without them no private broker can start. */
export const KAFKA_LIBS = resolve('.cache/kafka/libs');

const START_TIMEOUT_MS = 90_000;

/** A port nothing listens on now. */
export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const { port } = probe.address() as { port: number };
  await new Promise((r) => probe.close(r));
  return port;
}

/** The settings every private single-node KRaft broker shares: one partition per internal topic, replication 1. */
export const SINGLE_NODE_SETTINGS = [
  'process.roles=broker,controller',
  'node.id=1',
  'controller.listener.names=CONTROLLER',
  'num.partitions=1',
  'offsets.topic.replication.factor=1',
  'offsets.topic.num.partitions=1',
  'transaction.state.log.replication.factor=1',
  'transaction.state.log.min.isr=1',
  'transaction.state.log.num.partitions=1',
  'share.coordinator.state.topic.replication.factor=1',
  'share.coordinator.state.topic.min.isr=1',
  'group.initial.rebalance.delay.ms=0',
];

/**
 * One private broker JVM from the jars under .cache/kafka/libs, configured by
 * `server.properties` in `dir` (data and logs there too). `start()` resolves
 * once `answers()` does; `kill()` is a `kill -9`; `start()` again runs it on the
 * same data and ports, as a crashed broker comes back. The shared broker is
 * never touched.
 */
export class BrokerProcess {
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();

  private constructor(
    readonly dir: string,
    private readonly name: string,
    private readonly answers: () => Promise<unknown>,
  ) {}

  /** Writes the configuration, formats the storage (with `formatArgs`, e.g. SCRAM users) and starts the broker. */
  static async start(
    dir: string,
    name: string,
    settings: readonly string[],
    answers: () => Promise<unknown>,
    formatArgs: readonly string[] = [],
  ): Promise<BrokerProcess> {
    const broker = new BrokerProcess(dir, name, answers);
    try {
      writeFileSync(broker.conf, [...settings, `log.dirs=${join(dir, 'data')}`, ''].join('\n'));
      const clusterId = randomBytes(16).toString('base64url').replace(/^-/, 'A');
      const format = [...broker.java(), 'kafka.tools.StorageTool', 'format', '-t', clusterId, '-c', broker.conf, ...formatArgs];
      execFileSync('java', format, { stdio: 'pipe', timeout: 60_000 });
      await broker.restart();
    } catch (e) {
      rmSync(dir, { recursive: true, force: true });
      throw e;
    }
    return broker;
  }

  /** Starts the broker again on its data dir and ports; resolves once it answers. */
  async restart(): Promise<void> {
    if (this.child) throw new Error(`the ${this.name} is already running`);
    const child = spawn('java', [...this.java(), 'kafka.Kafka', this.conf], { stdio: 'ignore' });
    this.child = child;
    let gone = false;
    this.exited = new Promise((r) =>
      child.once('exit', () => {
        gone = true;
        if (this.child === child) this.child = undefined;
        r();
      }),
    );
    const deadline = Date.now() + START_TIMEOUT_MS;
    for (;;) {
      try {
        await this.answers();
        return;
      } catch (e) {
        if (gone || Date.now() > deadline) {
          await this.kill();
          throw new Error(`the ${this.name} did not start within ${START_TIMEOUT_MS} ms: ${(e as Error).message}\n${this.errors()}`);
        }
        await new Promise((r) => setTimeout(r, 500));
      }
    }
  }

  /** `kill -9`: no shutdown, no flush; resolves once the process is gone. */
  async kill(): Promise<void> {
    this.child?.kill('SIGKILL');
    await this.exited;
  }

  /** Stops the broker (SIGTERM, SIGKILL after 20 s) and removes its directory. */
  async stop(): Promise<void> {
    const child = this.child;
    if (child) {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await this.exited;
      clearTimeout(killer);
    }
    rmSync(this.dir, { recursive: true, force: true });
  }

  private get conf(): string {
    return join(this.dir, 'server.properties');
  }

  private java(): string[] {
    return [
      '-Xms256m',
      '-Xmx256m',
      '-XX:+UseSerialGC',
      '-Djava.awt.headless=true',
      `-Dlog4j2.configurationFile=${resolve('tools/kafka/log4j2.properties')}`,
      `-Dkafka.logs.dir=${join(this.dir, 'logs')}`,
      '-cp',
      `${KAFKA_LIBS}/*`,
    ];
  }

  /** The last ERROR and FATAL lines of the broker's log: why a start failed. */
  private errors(): string {
    const log = join(this.dir, 'logs', 'server.log');
    if (!existsSync(log)) return '';
    return readFileSync(log, 'utf8')
      .split('\n')
      .filter((l) => / (ERROR|FATAL) /.test(l))
      .slice(-5)
      .join('\n');
  }
}
