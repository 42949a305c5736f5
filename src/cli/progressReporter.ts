import type { Query } from '../engine/index.js';
import type { Logger, LogFields } from '../runtime/Logger.js';
import { ProgressRates, progressText } from './progressFigures.js';

/** How often the terminal's status lines are redrawn. */
const REDRAW_MS = 1000;

export interface ProgressReporter {
  watch(query: Query): void;
  /** Lines for people go through here, so that the terminal's status lines stay below them. */
  readonly log: Logger;
  /** A last report, then no more. */
  stop(): void;
}

/**
 * Off a terminal: one log line per query every `everyMs`, also while a query is
 * idle, so a log shows a query alive between its start and its stop.
 */
export function periodicProgress(log: Logger, everyMs: number): ProgressReporter {
  const queries: Query[] = [];
  const rates = new ProgressRates();
  const tick = () => {
    for (const q of queries) {
      const f = rates.figures(q);
      log.info(`query ${progressText(f)}`, { event: 'progress', ...(f as unknown as LogFields) });
    }
  };
  const timer = setInterval(tick, everyMs);
  timer.unref();
  return {
    log,
    watch: (q) => {
      queries.push(q);
      rates.figures(q);
    },
    stop: () => clearInterval(timer),
  };
}

/**
 * On a terminal: one live status line per query at the bottom of the screen,
 * redrawn in place every second; log lines are written above them.
 */
export function terminalProgress(log: Logger, out: NodeJS.WriteStream = process.stderr): ProgressReporter {
  const queries: Query[] = [];
  const rates = new ProgressRates();
  let lines: string[] = [];
  let drawn = 0;
  const erase = () => {
    if (drawn > 0) out.write(`\x1b[${drawn}F\x1b[J`);
    drawn = 0;
  };
  const draw = () => {
    const width = out.columns > 0 ? out.columns - 1 : 200;
    out.write(lines.map((l) => `${l.slice(0, width)}\n`).join(''));
    drawn = lines.length;
  };
  const tick = () => {
    lines = queries.map((q) => progressText(rates.figures(q)));
    erase();
    draw();
  };
  const timer = setInterval(tick, REDRAW_MS);
  timer.unref();
  const above =
    (write: (m: string, f?: LogFields) => void) =>
    (m: string, f?: LogFields): void => {
      erase();
      write(m, f);
      draw();
    };
  return {
    log: { info: above((m, f) => log.info(m, f)), warn: above((m, f) => log.warn(m, f)), error: above((m, f) => log.error(m, f)) },
    watch: (q) => {
      queries.push(q);
      rates.figures(q);
    },
    stop: () => {
      clearInterval(timer);
      tick();
    },
  };
}

/** `--quiet`: no progress at all, and only warnings and errors of the log. */
export function quietProgress(log: Logger): ProgressReporter {
  return { log: { info: () => {}, warn: (m, f) => log.warn(m, f), error: (m, f) => log.error(m, f) }, watch: () => {}, stop: () => {} };
}
