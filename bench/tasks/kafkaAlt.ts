import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';

/**
 * @confluentinc/kafka-javascript (librdkafka) is measured beside kafkajs but is
 * not a dependency of k2o: `bash bench/install-kafka-alt.sh` builds it into
 * .cache/kafka-alt, or K2O_BENCH_KAFKA_ALT names another install (a directory
 * holding node_modules/@confluentinc/kafka-javascript, or the package itself).
 */
export const KAFKA_ALT_PACKAGE = '@confluentinc/kafka-javascript';

/** Where the alternative client would be loaded from, or why it cannot be. */
export function locateKafkaAlt(env: NodeJS.ProcessEnv = process.env): { path: string } | { missing: string } {
  const candidates = [env['K2O_BENCH_KAFKA_ALT'], '.cache/kafka-alt'].filter((c): c is string => !!c).map((c) => resolve(c));
  for (const dir of candidates) {
    for (const pkg of [join(dir, 'node_modules', KAFKA_ALT_PACKAGE), dir]) {
      if (existsSync(join(pkg, 'package.json')) && existsSync(join(pkg, 'lib'))) {
        try {
          createRequire(join(pkg, 'package.json'))(pkg);
          return { path: pkg };
        } catch (e) {
          return { missing: `${pkg} does not load: ${(e as Error).message.split('\n')[0]}` };
        }
      }
    }
  }
  return { missing: `${KAFKA_ALT_PACKAGE} not installed (bash bench/install-kafka-alt.sh, or set K2O_BENCH_KAFKA_ALT)` };
}

/** The parts of the package's two APIs that the measurement uses. */
export interface KafkaAltModule {
  readonly librdkafkaVersion: string;
  readonly KafkaConsumer: new (conf: Record<string, unknown>, topicConf: Record<string, unknown>) => NativeConsumer;
  readonly KafkaJS: {
    readonly Kafka: new (conf: Record<string, unknown>) => {
      consumer(conf: Record<string, unknown>): CompatConsumer;
    };
  };
}

export interface AltMessage {
  readonly value: Buffer | null;
}

export interface NativeConsumer {
  on(event: 'rebalance', listener: (err: { code: number }) => void): void;
  connect(opts: Record<string, unknown>, cb: (err: Error | null) => void): void;
  subscribe(topics: string[]): void;
  consume(n: number, cb: (err: Error | null, messages: AltMessage[]) => void): void;
  setDefaultConsumeTimeout(ms: number): void;
  setDefaultIsTimeoutOnlyForFirstMessage(v: boolean): void;
  disconnect(cb: () => void): void;
}

export interface CompatConsumer {
  connect(): Promise<void>;
  subscribe(s: { topics: string[] }): Promise<void>;
  run(r: { eachBatch: (p: { batch: { messages: AltMessage[] } }) => Promise<void> }): Promise<void>;
  disconnect(): Promise<void>;
}

export function loadKafkaAlt(path: string): KafkaAltModule {
  return createRequire(join(path, 'package.json'))(path) as KafkaAltModule;
}
