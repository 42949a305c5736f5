/** An option of a command, as `node:util` parseArgs reads it, with its help line. */
export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  /** The value's placeholder in help: `--config PATH`. */
  readonly value?: string;
  readonly help: string;
}

/** A command of `k2o`: what its help says and what its command line may hold. */
export interface CommandSpec {
  readonly name: string;
  /** The line of `k2o --help`. */
  readonly summary: string;
  /** After `k2o NAME`: `[--verbose] PATH…`. */
  readonly synopsis: string;
  readonly description: readonly string[];
  readonly options: Readonly<Record<string, OptionSpec>>;
  readonly minPositionals: number;
  readonly maxPositionals?: number;
}

const CONFIG: OptionSpec = {
  type: 'string',
  value: 'PATH',
  help: 'connection settings (default ./k2o.config.json, checked against schema/k2o.config.schema.json)',
};

const PATHS = 'PATH is a .ksql file, a directory (its *.ksql files, recursively) or - for standard input.';

/** Every command, in the order `k2o --help` lists them. */
export const COMMANDS: readonly CommandSpec[] = [
  {
    name: 'check',
    summary: 'compile files and report errors; runs nothing',
    synopsis: '[--format text|json] PATH…',
    description: [PATHS, 'Exit 0 when every file compiles, 1 when any has an error.'],
    options: {
      format: {
        type: 'string',
        value: 'text|json',
        help: 'json: the diagnostics as one JSON array (file, line, column, length, code, severity, message, hint), for editors and CI',
      },
    },
    minPositionals: 1,
  },
  {
    name: 'explain',
    summary: 'print the logical and physical plan of each query',
    synopsis: '[--verbose] PATH…',
    description: [PATHS],
    options: { verbose: { type: 'boolean', help: 'also the plan after each optimizer rule' } },
    minPositionals: 1,
  },
  {
    name: 'run',
    summary: 'run the queries of files until stopped (Ctrl-C) or a bounded trigger is done',
    synopsis: '[--config PATH] [--metrics-port N] [--log-format text|json] [--quiet] [--progress-every SECONDS] FILE…',
    description: [
      'Runs every query of every FILE side by side until Ctrl-C / SIGTERM (the batch in flight commits, then k2o exits 0), or until each bounded trigger (ONCE, AVAILABLE NOW) is done.',
      'On a terminal a live status line per query shows its rates, batch duration, watermark, lag, dead letters and late rows; elsewhere the same is logged periodically.',
      'A file with any error runs nothing. Exit 0 done, 1 errors in a file, 2 bad command line or config, 3 a query failed while running.',
    ],
    options: {
      config: CONFIG,
      'metrics-port': {
        type: 'string',
        value: 'N',
        help: 'serve /metrics (Prometheus), /health/live, /health/ready, /api/queries and the web console on port N (or K2O_METRICS_PORT)',
      },
      'log-format': { type: 'string', value: 'text|json', help: 'json: one JSON object a line on stderr (or K2O_LOG_FORMAT=json)' },
      quiet: { type: 'boolean', help: 'no progress, only warnings and errors' },
      'progress-every': { type: 'string', value: 'SECONDS', help: 'off a terminal, a progress line per query this often (default 10)' },
    },
    minPositionals: 1,
  },
  {
    name: 'infer',
    summary: 'read a sample of a topic and print a CREATE STREAM for it',
    synopsis: '[--sample N] [--brokers LIST] [--config PATH] TOPIC',
    description: [
      "Reads up to N JSON records of TOPIC from its earliest offsets (committing no consumer group) and prints a CREATE STREAM with the columns, types and NOT NULL the sample shows, a WATERMARK on the likeliest event-time column and WITH (topic = …, format = 'json').",
      'Nested objects and arrays are typed STRING, with a comment saying so. Check the declaration with `k2o check` before relying on it.',
    ],
    options: {
      sample: { type: 'string', value: 'N', help: 'records to read (default 1000)' },
      brokers: {
        type: 'string',
        value: 'LIST',
        help: 'Kafka brokers, host:port,host:port (default: K2O_KAFKA_BROKERS, the config file, 127.0.0.1:19092)',
      },
      config: CONFIG,
    },
    minPositionals: 1,
    maxPositionals: 1,
  },
  {
    name: 'repl',
    summary: 'an interactive session: declare, run, watch and stop queries',
    synopsis: '[--config PATH] [FILE…]',
    description: [
      "Runs the FILEs' statements, then reads statements ending with ';' from the terminal (HELP lists them): SELECT … INTO starts a query in the background, a bare SELECT or INTO CONSOLE shows rows until Ctrl-C; SHOW QUERIES, DESCRIBE, TERMINATE, SET, RUN 'file.ksql', EXIT.",
      'History is kept in ~/.k2o_history (K2O_HISTORY overrides the path). Piped input runs in order; the exit code is then 1 when any statement failed.',
    ],
    options: { config: CONFIG },
    minPositionals: 0,
  },
];
