import { logLevel, type logCreator } from 'kafkajs';

/** The same message again within this window is counted, not printed. */
const REPEAT_WINDOW_MS = 10_000;
/** Bounds the memory of the de-duplication when messages vary endlessly. */
const MAX_REMEMBERED = 500;

const LEVEL_NAMES: Record<number, string> = {
  [logLevel.ERROR]: 'ERROR',
  [logLevel.WARN]: 'WARN',
  [logLevel.INFO]: 'INFO',
  [logLevel.DEBUG]: 'DEBUG',
};

interface Seen {
  lastPrinted: number;
  suppressed: number;
}

/**
 * kafkajs logs a line per retry while a broker is unreachable; one line per
 * distinct message every few seconds says the same and keeps stderr readable.
 */
export const quietLogCreator: logCreator = () => {
  const seen = new Map<string, Seen>();
  return ({ namespace, level, log }) => {
    const message = String(log.message);
    // kafkajs logs every error response of the broker at ERROR, also the expected
    // ones it then retries (coordinator loading, leader not yet elected); the
    // errors that matter reach the caller as exceptions anyway.
    if (namespace === 'Connection' && message.startsWith('Response ')) return;
    const key = `${level}\u0000${namespace}\u0000${message}`;
    const now = Date.now();
    const entry = seen.get(key);
    if (entry && now - entry.lastPrinted < REPEAT_WINDOW_MS) {
      entry.suppressed++;
      return;
    }
    const repeated = entry && entry.suppressed > 0 ? ` (repeated ${entry.suppressed} times)` : '';
    if (seen.size >= MAX_REMEMBERED) seen.clear();
    seen.set(key, { lastPrinted: now, suppressed: 0 });
    const where = typeof log['topic'] === 'string' ? ` topic=${log['topic']}` : '';
    const cause = typeof log['error'] === 'string' && log['error'] !== message ? `: ${log['error']}` : '';
    process.stderr.write(`[kafkajs] ${LEVEL_NAMES[level] ?? level} ${namespace}: ${message}${cause}${where}${repeated}\n`);
  };
};
