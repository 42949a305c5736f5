import { mkdirSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { runTask } from '../child/runTask.js';
import { summarizeProfile } from '../profile/summarizeProfile.js';
import type { Trigger } from '../queries.js';
import type { KafkaClientName } from '../../src/config/kafkaClientChoice.js';
import type { BenchContext, Result, Scenario } from '../Scenario.js';
import { ceilingFor } from './ceiling.js';
import { resetQueryTable } from './resetQueryTable.js';

/** A query to benchmark, as a function of where it reads and writes. */
export interface QuerySpec {
  readonly id: string;
  readonly title: string;
  /** Sink table, also the query's name (its offsets and state key). */
  readonly table: string;
  readonly query: (topic: string, table: string, trigger: Trigger) => string;
  /** What "latency" means for this query's rows, printed in the table's note. */
  readonly latencyNote?: string;
  readonly quick?: boolean;
  /** The PostgreSQL sink writes by INSERT, not COPY (runQuery's insertOnly). */
  readonly insertOnly?: boolean;
  /** The source's client (`kafka.client`); absent: the default. */
  readonly kafkaClient?: KafkaClientName;
  /**
   * INTO ORACLE: runs only with K2O_ORACLE_URL, into a table of this run's own
   * (`<table>_<runId>`, also the query's name), since the harness resets only
   * PostgreSQL tables; its ceiling is Kafka's alone (no Oracle limit is measured).
   */
  readonly oracle?: boolean;
}

/**
 * Throughput of a query over the pre-loaded topic (AVAILABLE NOW): rows/s,
 * ratio to the ceiling, backlog latency, peak RSS; under --profile it runs once
 * more under node --cpu-prof (a separate run, so the profiler's overhead is not
 * in the figures).
 */
export function queryScenario(spec: QuerySpec): Scenario {
  return {
    id: spec.id,
    ...(spec.quick !== undefined && { quick: spec.quick }),
    async run(ctx: BenchContext): Promise<Result[]> {
      if (spec.oracle && ctx.oracleUrl === undefined) return [{ id: spec.id, title: spec.title, note: 'skipped: K2O_ORACLE_URL not set' }];
      ctx.progress(`${spec.id} ${spec.title}: ${ctx.dataset.records.toLocaleString('en')} records`);
      const table = spec.oracle ? `${spec.table}_${ctx.runId}` : spec.table;
      const params = {
        brokers: ctx.brokers,
        postgresUrl: ctx.postgresUrl,
        ...(spec.oracle && { oracleUrl: ctx.oracleUrl }),
        query: spec.query(ctx.dataset.topic, table, 'AVAILABLE NOW'),
        ...(spec.insertOnly && { insertOnly: true }),
        ...(spec.kafkaClient && { kafkaClient: spec.kafkaClient }),
      };
      if (!spec.oracle) await resetQueryTable(ctx.db, spec.table);
      const { value: v, peakRssMb } = await runTask('runQuery', params);
      if (v.records !== ctx.dataset.records) throw new Error(`${spec.id} read ${v.records} records, expected ${ctx.dataset.records}`);
      const ceiling = ceilingFor(ctx.results, v.rowsOut / v.records, spec.oracle ? [] : undefined);
      const result: Result = {
        id: spec.id,
        title: spec.title,
        records: v.records,
        rowsOut: v.rowsOut,
        seconds: v.seconds,
        rate: v.rate,
        ...(ceiling && { ceiling: ceiling.rate, ratio: v.rate / ceiling.rate }),
        latency: { ...v.latency, kind: 'backlog' },
        peakRssMb,
        note:
          `${v.rowsOut.toLocaleString('en')} rows out, ${v.batches} batches, ${((v.sinkWriteSeconds / v.seconds) * 100).toFixed(0)}% of the time in sink writes, ${v.cpuMicrosPerRecord.toFixed(1)} µs CPU/record` +
          (ceiling ? `; ceiling ${ceiling.basis}` : ''),
        details: { ...v, ceiling },
      };
      if (!ctx.options.profile || spec.oracle) return [result];

      ctx.progress(`${spec.id} again under --cpu-prof`);
      const dir = resolve(ctx.options.resultsDir, `profiles-${ctx.runId}`, spec.id);
      mkdirSync(dir, { recursive: true });
      await resetQueryTable(ctx.db, spec.table);
      await runTask('runQuery', params, { cpuProfDir: dir });
      const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
      if (!file) return [{ ...result, note: `${result.note}; no profile written` }];
      return [{ ...result, profile: summarizeProfile(join(dir, file)) }];
    },
  };
}
