import type { Kafka } from 'kafkajs';
import type pg from 'pg';
import type { ProfileSummary } from './profile/summarizeProfile.js';
import type { BenchOptions } from './options.js';
import type { LatencySummary } from './report/LatencyHistogram.js';

/** The data set every throughput measurement reads, loaded once per run. */
export interface Dataset {
  readonly topic: string;
  readonly records: number;
  readonly partitions: number;
  readonly bytes: number;
}

/** What limits and scenarios share during a run. */
export interface BenchContext {
  readonly options: BenchOptions;
  readonly brokers: readonly string[];
  readonly postgresUrl: string;
  /** K2O_ORACLE_URL: the Oracle scenarios run only with it. */
  readonly oracleUrl?: string;
  /** A connection of the harness itself, for resetting tables and watching commits. */
  readonly db: pg.Client;
  readonly kafka: Kafka;
  readonly dataset: Dataset;
  /** Distinguishes this run's topics and consumer groups from earlier runs'. */
  readonly runId: string;
  /** Rows measured so far, in order: later scenarios read earlier figures (ceilings, steady rates). */
  readonly results: Result[];
  /** Progress line on stderr. */
  progress(message: string): void;
}

/** One row of the result table. */
export interface Result {
  readonly id: string;
  readonly title: string;
  /** Records read (or rows written, for sink limits). */
  readonly records?: number;
  readonly rowsOut?: number;
  /** Wall time of the measured interval. */
  readonly seconds?: number;
  /** Records (or rows) per second over `seconds`. */
  readonly rate?: number;
  /** The lower of the Kafka and sink limits that bounds this scenario, in records/s. */
  readonly ceiling?: number;
  /** rate / ceiling. */
  readonly ratio?: number;
  /** 'backlog': data was pre-loaded, so latency mostly measures queueing; 'steady': produced at a fixed rate. */
  readonly latency?: LatencySummary & { readonly kind: 'backlog' | 'steady' };
  readonly peakRssMb?: number;
  /** A duration that is the figure itself (start-up, compile), in ms. */
  readonly millis?: number;
  readonly note?: string;
  /** Where the CPU time went (--profile). */
  readonly profile?: ProfileSummary;
  /** Everything else worth keeping in the JSON file. */
  readonly details?: Record<string, unknown>;
}

/**
 * A limit or a scenario. Adding one is a few lines in registry.ts, usually by
 * calling a factory (queryScenario, steadyScenario) with a query text.
 */
export interface Scenario {
  /** Short id shown in the table and accepted by --only: L1…, S1… */
  readonly id: string;
  /** Part of --quick (default true). */
  readonly quick?: boolean;
  run(ctx: BenchContext): Promise<Result[]>;
}
