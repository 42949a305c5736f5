import type * as A from '../ast/Ast.js';
import type { Diagnostic } from '../diagnostics/Diagnostic.js';
import { diag } from '../diagnostics/messages.js';
import { closest } from '../../core/suggest.js';
import type { ConsumerSettings, CsvFormat, PartitionStart, StartingOffsets } from '../../core/SourceDef.js';
import type { OptionKind } from './options.js';

/** The consumer settings of CREATE STREAM, by option name: the field they set and the Java consumer's name for it. */
const CONSUMER_OPTIONS = {
  session_timeout_ms: 'sessionTimeoutMs',
  heartbeat_interval_ms: 'heartbeatIntervalMs',
  fetch_min_bytes: 'fetchMinBytes',
  fetch_max_bytes: 'fetchMaxBytes',
  max_partition_fetch_bytes: 'maxPartitionFetchBytes',
  fetch_max_wait_ms: 'fetchMaxWaitMs',
} as const satisfies Record<string, keyof ConsumerSettings>;

const CSV_OPTIONS = { header: 'boolean', delimiter: 'string', quote: 'string', escape: 'string', null_value: 'string' } as const;

/** Every option CREATE STREAM knows, with its kind. */
export const STREAM_OPTIONS: Readonly<Record<string, OptionKind>> = {
  topic: 'string',
  format: 'string',
  starting_offsets: 'string',
  group_id: 'string',
  client_id: 'string',
  isolation_level: 'string',
  ...Object.fromEntries(Object.keys(CONSUMER_OPTIONS).map((k) => [k, 'positiveInteger'])),
  ...CSV_OPTIONS,
};

type Values = ReadonlyMap<string, string | number | boolean>;

const ISOLATION_LEVELS = ['read_committed', 'read_uncommitted'] as const;

/** The option's value span, for a diagnostic about a value readOptions accepted. */
function valueSpan(items: readonly A.OptionItem[], name: string): A.Literal['span'] {
  return items.find((o) => o.name.name === name)!.value.span;
}

/** `isolation_level`, `client_id` and the numeric consumer settings, or undefined when none is given. */
export function readConsumerSettings(items: readonly A.OptionItem[], values: Values, out: Diagnostic[]): ConsumerSettings | undefined {
  const settings: Record<string, unknown> = {};
  for (const [option, field] of Object.entries(CONSUMER_OPTIONS)) {
    const v = values.get(option);
    if (v !== undefined) settings[field] = v;
  }
  const isolation = values.get('isolation_level');
  if (isolation !== undefined) {
    if ((ISOLATION_LEVELS as readonly unknown[]).includes(isolation)) settings['isolationLevel'] = isolation;
    else {
      const guess = closest(String(isolation), ISOLATION_LEVELS);
      out.push(
        diag(
          'BadOptionValue',
          valueSpan(items, 'isolation_level'),
          ['isolation_level', "is 'read_committed' or 'read_uncommitted'"],
          guess ? `Did you mean '${guess}'?` : undefined,
        ),
      );
    }
  }
  const clientId = values.get('client_id');
  if (clientId !== undefined) settings['clientId'] = clientId;
  const session = settings['sessionTimeoutMs'] as number | undefined;
  const heartbeat = (settings['heartbeatIntervalMs'] as number | undefined) ?? DEFAULT_HEARTBEAT_MS;
  if (session !== undefined && heartbeat >= session) {
    const given = values.has('heartbeat_interval_ms');
    const [option, why] = given
      ? ['heartbeat_interval_ms', `(${heartbeat} ms) must be below session_timeout_ms (${session} ms)`]
      : ['session_timeout_ms', `(${session} ms) must be above the heartbeat interval (${heartbeat} ms)`];
    out.push(
      diag(
        'BadOptionValue',
        valueSpan(items, option),
        [option, why],
        'Kafka advises a heartbeat of a third of the session timeout or less.',
      ),
    );
  }
  return Object.keys(settings).length > 0 ? (settings as ConsumerSettings) : undefined;
}

/** kafkajs's heartbeat as the Kafka source sets it when the statement does not. */
export const DEFAULT_HEARTBEAT_MS = 1_000;

/** The CSV options (Spark's defaults: no header, `,`, `"`, `\`, and the empty field as NULL); refused beside format 'json'. */
export function readCsvFormat(
  items: readonly A.OptionItem[],
  values: Values,
  format: string,
  columns: readonly string[],
  out: Diagnostic[],
): CsvFormat | undefined {
  const given = Object.keys(CSV_OPTIONS).filter((k) => values.has(k));
  if (format !== 'csv') {
    for (const k of given)
      out.push(diag('ClauseNeeds', items.find((o) => o.name.name === k)!.name.span, [`Option '${k}'`, "format = 'csv'"]));
    return undefined;
  }
  const char = (name: string, fallback: string): string => {
    const v = String(values.get(name) ?? fallback);
    if (v.length !== 1) out.push(diag('BadOptionValue', valueSpan(items, name), [name, 'is one character']));
    return v;
  };
  const csv: CsvFormat = {
    header: values.get('header') === true,
    delimiter: char('delimiter', ','),
    quote: char('quote', '"'),
    escape: char('escape', '\\'),
    nullValue: String(values.get('null_value') ?? ''),
    columns,
  };
  if (csv.delimiter === csv.quote) out.push(diag('BadOptionValue', valueSpan(items, 'delimiter'), ['delimiter', 'differs from quote']));
  return csv;
}

/**
 * `starting_offsets`: 'earliest', 'latest', an instant (ISO-8601 with a zone,
 * or epoch milliseconds), or offsets per partition as JSON: Spark's
 * `{"topic": {"0": 23, "1": -2}}` (-2 the earliest, -1 the latest, or the
 * words), or `{"0": 23}` for the stream's own topic.
 */
export function readStartingOffsets(
  items: readonly A.OptionItem[],
  raw: string | undefined,
  topic: string,
  out: Diagnostic[],
): StartingOffsets | undefined {
  if (raw === undefined || raw === 'earliest' || raw === 'latest') return raw ?? 'earliest';
  const bad = (why: string, hint?: string): undefined => {
    out.push(diag('BadOptionValue', valueSpan(items, 'starting_offsets'), ['starting_offsets', why], hint));
    return undefined;
  };
  const text = raw.trim();
  if (/^\d+$/.test(text)) return { timestamp: Number(text) };
  if (text.startsWith('{')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (e) {
      return bad(`is not valid JSON: ${(e as Error).message}`);
    }
    return readPartitionOffsets(parsed, topic, bad);
  }
  if (/^\d{4}-\d{2}-\d{2}T.*(Z|[+-]\d{2}:?\d{2})$/i.test(text)) {
    const ms = Date.parse(text);
    if (Number.isFinite(ms)) return { timestamp: ms };
  }
  return bad(
    "is 'earliest', 'latest', an instant or offsets per partition",
    `For example '2024-05-01T00:00:00Z', '1714521600000' or '{"${topic}": {"0": 42, "1": "earliest"}}'.`,
  );
}

function readPartitionOffsets(parsed: unknown, topic: string, bad: (why: string, hint?: string) => undefined): StartingOffsets | undefined {
  if (!isObject(parsed)) return bad('as JSON is an object of partitions');
  const keys = Object.keys(parsed);
  // `{"0": 42}` names partitions of the stream's topic; Spark's form names topics first.
  const byTopic = keys.some((k) => !/^\d+$/.test(k)) ? parsed : { [topic]: parsed };
  const offsets: Record<string, Record<string, PartitionStart>> = {};
  for (const [t, partitions] of Object.entries(byTopic)) {
    if (t !== topic) return bad(`names topic '${t}', which this stream does not read`, `This stream reads '${topic}'.`);
    if (!isObject(partitions)) return bad(`gives topic '${t}' ${JSON.stringify(partitions)}, not an object of partitions`);
    const starts: Record<string, PartitionStart> = {};
    for (const [p, v] of Object.entries(partitions)) {
      if (!/^\d+$/.test(p)) return bad(`names partition '${p}', which is not a partition number`);
      const start = partitionStart(v);
      if (start === undefined)
        return bad(
          `gives partition ${p} ${JSON.stringify(v)}`,
          "A partition starts at an offset (0 or more), 'earliest' (-2) or 'latest' (-1).",
        );
      starts[String(Number(p))] = start;
    }
    offsets[t] = starts;
  }
  return { offsets };
}

function partitionStart(v: unknown): PartitionStart | undefined {
  if (v === 'earliest' || v === -2) return 'earliest';
  if (v === 'latest' || v === -1) return 'latest';
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? v : undefined;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
