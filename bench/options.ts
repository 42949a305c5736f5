/**
 * What one `npm run bench` run does. `--quick` keeps the whole run under two
 * minutes on a 2-core machine (smaller data set, shorter steady phase); the
 * default is the full workload of the benchmark issue: 1 million orders.
 */
export interface BenchOptions {
  readonly quick: boolean;
  /** Orders loaded into the benchmark topic, read by every throughput measurement. */
  readonly records: number;
  readonly partitions: number;
  /** Rows written by each raw sink-insert measurement. */
  readonly sinkRows: number;
  /** How long the steady-state latency scenarios produce. */
  readonly steadySeconds: number;
  /** Steady production rate as a share of the measured throughput of the same query. */
  readonly steadyShare: number;
  /** Run only these ids (limits and scenarios), e.g. `--only S1,S3`; null = all. */
  readonly only: ReadonlySet<string> | null;
  /** Also run the query scenarios once more under `node --cpu-prof` and summarise. */
  readonly profile: boolean;
  readonly resultsDir: string;
}

export const USAGE = `usage: npm run bench -- [--quick] [--records N] [--only ID,ID] [--profile]

  --quick       200,000 orders, one 20 s steady phase: under two minutes
  --records N   orders to load (default 1,000,000; --quick 200,000)
  --only IDS    run only these limits/scenarios (ids as printed in the table;
                S1 and S2 also need the L* limits for their ceiling)
  --profile     also run S1 and S2 under node --cpu-prof and print their top
                self-time functions (the profiles stay in bench/results/)`;

export function parseOptions(argv: readonly string[]): BenchOptions {
  const quick = argv.includes('--quick');
  const value = (flag: string): string | undefined => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const known = new Set(['--quick', '--records', '--only', '--profile']);
  for (const [i, a] of argv.entries()) {
    const isValue = i > 0 && (argv[i - 1] === '--records' || argv[i - 1] === '--only');
    if (!isValue && !known.has(a)) throw new UsageError(`unknown argument '${a}'`);
  }
  const recordsText = value('--records');
  const records = recordsText === undefined ? (quick ? 200_000 : 1_000_000) : Number(recordsText.replace(/[_,]/g, ''));
  if (!Number.isInteger(records) || records < 1000) throw new UsageError('--records needs a whole number of at least 1000');
  const onlyText = value('--only');
  return {
    quick,
    records,
    partitions: 6,
    // Insert rates settle within a few batches; more rows only lengthen the run.
    sinkRows: Math.min(records, quick ? 200_000 : 500_000),
    steadySeconds: quick ? 20 : 60,
    steadyShare: 0.5,
    only: onlyText ? new Set(onlyText.split(',').map((s) => s.trim().toUpperCase())) : null,
    profile: argv.includes('--profile'),
    resultsDir: 'bench/results',
  };
}

export class UsageError extends Error {}
