import { createInterface } from 'node:readline';
import { Engine, loadConfig, type Logger } from '../engine/index.js';
import { isTerminal } from '../engine/QueryStatus.js';
import { complete } from './completion.js';
import { History, HISTORY_SIZE, historyPath } from './history.js';
import { ReplSession } from './ReplSession.js';
import { StatementBuffer } from './statementBuffer.js';

const PROMPT = 'k2o> ';
const CONTINUED = '...> ';

/** A word alone on a line does what it says, without the `;` a statement needs. */
const BARE_WORD = /^\s*(exit|quit|help)\s*$/i;

/**
 * `k2o repl [FILE…]`: the files' statements first, then statements typed (or
 * piped) one after the other on one Engine. On a terminal: history, tab
 * completion, Ctrl-C to stop the query in the foreground or to clear the
 * statement being typed, twice at an empty prompt to leave. Piped: the
 * statements in order, exit 1 at the end if any failed.
 */
export async function replCommand(files: readonly string[], configFile: string | undefined): Promise<number> {
  let config;
  try {
    config = loadConfig(process.env, configFile);
  } catch (e) {
    process.stderr.write(`k2o: ${(e as Error).message}\n`);
    return 2;
  }
  const interactive = process.stdin.isTTY === true && process.stdout.isTTY === true;
  const engine = new Engine({ ...config, log: replLogger() });
  const session = new ReplSession(engine, { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) });
  let failed = false;
  for (const file of files) if ((await session.runFile(file)) === 'failed') failed = true;

  const history = interactive ? new History(historyPath()) : undefined;
  const rl = createInterface({
    input: process.stdin,
    output: process.stdout,
    terminal: interactive,
    completer: (line: string) => complete(line, session.names()),
    history: history?.load() ?? [],
    historySize: HISTORY_SIZE,
    prompt: PROMPT,
  });
  const buffer = new StatementBuffer();
  let interrupts = 0;
  const prompt = () => {
    if (!interactive) return;
    rl.setPrompt(buffer.pending ? CONTINUED : PROMPT);
    rl.prompt();
  };
  const onInterrupt = () => {
    if (session.interrupt()) return;
    // A script has no prompt to come back to: the signal ends the session, as it ends `k2o run`.
    if (!interactive) return void rl.close();
    process.stdout.write('\n');
    if (buffer.pending || rl.line.length > 0) {
      buffer.clear();
      interrupts = 0;
      rl.write(null, { ctrl: true, name: 'u' });
    } else if (++interrupts >= 2) return void rl.close();
    else process.stdout.write('(Ctrl-C again, EXIT or Ctrl-D to leave)\n');
    prompt();
  };
  const onTerminate = () => rl.close();
  rl.on('SIGINT', onInterrupt);
  process.on('SIGINT', onInterrupt);
  process.on('SIGTERM', onTerminate);

  if (interactive) process.stdout.write('k2o: statements end with ;, HELP lists them\n');
  prompt();
  let exit = false;
  for await (const line of rl) {
    interrupts = 0;
    history?.add(line);
    const bare = buffer.pending ? undefined : BARE_WORD.exec(line)?.[1];
    for (const s of bare ? [`${bare};`] : buffer.push(line)) {
      const outcome = await session.execute(s);
      if (outcome === 'failed') failed = true;
      if (outcome === 'exit') exit = true;
      if (exit) break;
    }
    if (exit) break;
    prompt();
  }
  const rest = exit ? undefined : buffer.rest();
  if (rest !== undefined && (await session.execute(rest)) === 'failed') failed = true;
  rl.close();
  process.off('SIGINT', onInterrupt);
  process.off('SIGTERM', onTerminate);
  const running = engine.queries().filter((q) => !isTerminal(q.status()));
  if (running.length > 0) process.stderr.write(`stopping ${running.map((q) => q.id).join(', ')}\n`);
  await session.close();
  return failed && !interactive ? 1 : 0;
}

/** The engine's warnings and errors, without its routine news, which would bury the prompt. */
function replLogger(): Logger {
  const line = (level: string, m: string) => process.stderr.write(`k2o ${level} ${m}\n`);
  return { info: () => {}, warn: (m) => line('WARN', m), error: (m) => line('ERROR', m) };
}
