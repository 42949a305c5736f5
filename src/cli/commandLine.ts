import { parseArgs } from 'node:util';
import { closest } from '../core/suggest.js';
import type { CommandSpec } from './commands.js';

/** What a command line asks for; an `error` says what is wrong in words a user can act on. */
export type CommandLine =
  | { readonly kind: 'help'; readonly text: string }
  | { readonly kind: 'version' }
  | { readonly kind: 'error'; readonly message: string }
  | {
      readonly kind: 'command';
      readonly command: string;
      readonly values: Readonly<Record<string, string | boolean | undefined>>;
      readonly positionals: readonly string[];
    };

const HELP = new Set(['--help', '-h', 'help']);

/**
 * Reads `k2o COMMAND [options] ARGS…` strictly (node:util parseArgs): an unknown
 * command or option is an error naming it, with the nearest known one.
 */
export function parseCommandLine(argv: readonly string[], commands: readonly CommandSpec[]): CommandLine {
  const [name, ...rest] = argv;
  if (name === undefined) return { kind: 'error', message: `no command given\n\n${usageText(commands)}` };
  if (name === '--version' || name === '-v') return { kind: 'version' };
  if (HELP.has(name)) {
    const topic = rest[0];
    if (topic === undefined) return { kind: 'help', text: usageText(commands) };
    const spec = commands.find((c) => c.name === topic);
    return spec ? { kind: 'help', text: commandHelp(spec) } : unknownCommand(topic, commands);
  }
  const spec = commands.find((c) => c.name === name);
  if (!spec) return unknownCommand(name, commands);
  if (rest.includes('--help') || rest.includes('-h')) return { kind: 'help', text: commandHelp(spec) };

  const options = Object.fromEntries(Object.entries(spec.options).map(([key, o]) => [key, { type: o.type }]));
  let parsed;
  try {
    parsed = parseArgs({ args: [...rest], options, strict: true, allowPositionals: true });
  } catch (e) {
    return { kind: 'error', message: `k2o ${name}: ${optionError(e as Error & { code?: string }, spec)}\nsee: k2o ${name} --help` };
  }
  const n = parsed.positionals.length;
  if (n < spec.minPositionals || (spec.maxPositionals !== undefined && n > spec.maxPositionals)) {
    const what = n < spec.minPositionals ? 'missing arguments' : `too many arguments (${n})`;
    return { kind: 'error', message: `k2o ${name}: ${what}\nusage: k2o ${name} ${spec.synopsis}\nsee: k2o ${name} --help` };
  }
  return { kind: 'command', command: name, values: parsed.values, positionals: parsed.positionals };
}

function unknownCommand(name: string, commands: readonly CommandSpec[]): CommandLine {
  const near = closest(
    name,
    commands.map((c) => c.name),
  );
  return { kind: 'error', message: `k2o: unknown command '${name}'${near ? ` (did you mean '${near}'?)` : ''}\nsee: k2o --help` };
}

/** parseArgs says what went wrong in its own words; these name the option and its neighbour. */
function optionError(e: Error & { code?: string }, spec: CommandSpec): string {
  const flag = /'(-[^' ]*)/.exec(e.message)?.[1];
  if (e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && flag) {
    const near = closest(flag.replace(/^-+/, ''), Object.keys(spec.options));
    const known = Object.keys(spec.options).map((o) => `--${o}`);
    return `unknown option ${flag}${near ? ` (did you mean --${near}?)` : known.length > 0 ? ` (options: ${known.join(', ')})` : ` (it takes no options)`}`;
  }
  if (e.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && flag) {
    return spec.options[flag.replace(/^-+/, '')]?.type === 'boolean' ? `option ${flag} takes no value` : `option ${flag} needs a value`;
  }
  return e.message;
}

export function usageText(commands: readonly CommandSpec[]): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'usage: k2o COMMAND [options] ARGS…',
    '',
    'commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'k2o COMMAND --help says more about each; k2o --version prints the version.',
    'Connections come from K2O_KAFKA_BROKERS, K2O_POSTGRES_URL and K2O_ORACLE_URL,',
    'or from k2o.config.json; see README.',
  ].join('\n');
}

export function commandHelp(spec: CommandSpec): string {
  const flags = Object.entries(spec.options).map(([name, o]) => [`--${name}${o.value ? ` ${o.value}` : ''}`, o.help] as const);
  flags.push(['--help', 'this text']);
  const width = Math.max(...flags.map(([f]) => f.length));
  return [
    `usage: k2o ${spec.name} ${spec.synopsis}`,
    '',
    spec.summary.charAt(0).toUpperCase() + spec.summary.slice(1) + '.',
    ...spec.description,
    '',
    'options:',
    ...flags.map(([f, h]) => `  ${f.padEnd(width)}  ${h}`),
  ].join('\n');
}
