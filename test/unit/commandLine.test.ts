import { describe, expect, it } from 'vitest';
import { commandHelp, parseCommandLine, usageText } from '../../src/cli/commandLine.js';
import { COMMANDS } from '../../src/cli/commands.js';

const parse = (...argv: string[]) => parseCommandLine(argv, COMMANDS);

describe('the command line', () => {
  it('reads a command, its options and its paths', () => {
    expect(parse('explain', '--verbose', 'a.ksql', '-', 'dir')).toEqual({
      kind: 'command',
      command: 'explain',
      values: expect.objectContaining({ verbose: true }),
      positionals: ['a.ksql', '-', 'dir'],
    });
    expect(parse('check', '--format', 'json', 'a.ksql')).toMatchObject({ kind: 'command', values: { format: 'json' } });
    expect(parse('infer', 'orders', '--sample', '50', '--brokers', 'h:1,h:2')).toMatchObject({
      kind: 'command',
      values: { sample: '50', brokers: 'h:1,h:2' },
      positionals: ['orders'],
    });
  });

  it('an unknown command is an error that names it and the nearest command', () => {
    expect(parse('chek', 'a.ksql')).toEqual({
      kind: 'error',
      message: "k2o: unknown command 'chek' (did you mean 'check'?)\nsee: k2o --help",
    });
    expect(parse('frobnicate')).toEqual({ kind: 'error', message: "k2o: unknown command 'frobnicate'\nsee: k2o --help" });
    expect(parse('help', 'inferr')).toMatchObject({ kind: 'error', message: expect.stringContaining("(did you mean 'infer'?)") });
  });

  it('an unknown option is an error that names it and the nearest option of that command', () => {
    expect(parse('explain', '--verbos', 'a.ksql')).toEqual({
      kind: 'error',
      message: 'k2o explain: unknown option --verbos (did you mean --verbose?)\nsee: k2o explain --help',
    });
    // --verbose belongs to explain, not to check: strict per command.
    expect(parse('check', '--verbose', 'a.ksql')).toMatchObject({
      kind: 'error',
      message: expect.stringContaining('unknown option --verbose (options: --format)'),
    });
    expect(parse('run', '-x', 'a.ksql')).toMatchObject({ kind: 'error', message: expect.stringContaining('unknown option -x') });
  });

  it('says when an option lacks its value or takes none, and when arguments are missing or too many', () => {
    expect(parse('run', 'a.ksql', '--config')).toMatchObject({
      kind: 'error',
      message: expect.stringContaining('option --config needs a value'),
    });
    expect(parse('explain', '--verbose=yes', 'a.ksql')).toMatchObject({
      kind: 'error',
      message: expect.stringContaining('option --verbose takes no value'),
    });
    expect(parse('check')).toMatchObject({
      kind: 'error',
      message: expect.stringContaining('k2o check: missing arguments\nusage: k2o check [--format text|json] PATH…'),
    });
    expect(parse('infer', 'a', 'b')).toMatchObject({
      kind: 'error',
      message: expect.stringContaining('k2o infer: too many arguments (2)'),
    });
    expect(parse()).toMatchObject({ kind: 'error', message: expect.stringContaining('no command given') });
  });

  it('--help lists every command; COMMAND --help and help COMMAND give that command’s help', () => {
    const usage = usageText(COMMANDS);
    for (const c of ['check', 'explain', 'run', 'infer', 'repl']) expect(usage).toMatch(new RegExp(`^  ${c} +\\S`, 'm'));
    expect(usage).toContain('repl     an interactive session: declare, run, watch and stop queries');
    expect(parse('--help')).toEqual({ kind: 'help', text: usage });
    expect(parse('-h')).toEqual({ kind: 'help', text: usage });
    for (const spec of COMMANDS) {
      expect(parse(spec.name, '--help')).toEqual({ kind: 'help', text: commandHelp(spec) });
      expect(parse('help', spec.name)).toEqual({ kind: 'help', text: commandHelp(spec) });
    }
    // Help wins over a command line that would be wrong: it is how one finds out what is right.
    expect(parse('infer', '--bogus', '--help')).toMatchObject({ kind: 'help' });
    expect(parse('--version')).toEqual({ kind: 'version' });
  });

  it('a command’s help shows its synopsis and every option with its value', () => {
    const help = commandHelp(COMMANDS.find((c) => c.name === 'infer')!);
    expect(help.split('\n')[0]).toBe('usage: k2o infer [--sample N] [--brokers LIST] [--config PATH] TOPIC');
    expect(help).toMatch(/^  --sample N +records to read/m);
    expect(help).toMatch(/^  --help +this text$/m);
    expect(commandHelp(COMMANDS.find((c) => c.name === 'repl')!)).toContain('K2O_HISTORY overrides the path');
  });
});
