import { logLevel, type logCreator } from 'kafkajs';
import { stderrLogger, type Logger } from '../../runtime/Logger.js';

/** The same message again within this window is counted, not printed. */
const REPEAT_WINDOW_MS = 10_000;
/** Bounds the memory of the de-duplication when messages vary endlessly. */
const MAX_REMEMBERED = 500;

interface Seen {
  lastPrinted: number;
  suppressed: number;
}

/** kafkajs's levels on k2o's: its INFO and DEBUG chatter (joins, fetches) is below what k2o reports. */
function levelOf(level: logLevel, log: Logger): ((message: string, fields: Record<string, string | number>) => void) | undefined {
  switch (level) {
    case logLevel.ERROR:
      return (m, f) => log.error(m, f);
    case logLevel.WARN:
      return (m, f) => log.warn(m, f);
    default:
      return undefined;
  }
}

/**
 * kafkajs's own lines through k2o's logger (text or JSON alike), at a mapped
 * level. It logs a line per retry while a broker is unreachable; one line per
 * distinct message every few seconds says the same and keeps stderr readable.
 */
export function kafkaLogCreator(log: Logger = stderrLogger()): logCreator {
  return () => {
    const seen = new Map<string, Seen>();
    return ({ namespace, level, log: entry }) => {
      const write = levelOf(level, log);
      if (!write) return;
      const message = String(entry.message);
      // kafkajs logs every error response of the broker at ERROR, also the expected
      // ones it then retries (coordinator loading, leader not yet elected); the
      // errors that matter reach the caller as exceptions anyway.
      if (namespace === 'Connection' && message.startsWith('Response ')) return;
      const key = `${level}\u0000${namespace}\u0000${message}`;
      const now = Date.now();
      const known = seen.get(key);
      if (known && now - known.lastPrinted < REPEAT_WINDOW_MS) {
        known.suppressed++;
        return;
      }
      const repeated = known && known.suppressed > 0 ? known.suppressed : 0;
      if (seen.size >= MAX_REMEMBERED) seen.clear();
      seen.set(key, { lastPrinted: now, suppressed: 0 });
      const topic = typeof entry['topic'] === 'string' ? entry['topic'] : undefined;
      const broker = typeof entry['broker'] === 'string' ? entry['broker'] : undefined;
      const cause = typeof entry['error'] === 'string' && entry['error'] !== message ? `: ${entry['error']}` : '';
      write(
        `kafka client ${namespace}: ${message}${cause}${topic ? ` topic=${topic}` : ''}${repeated > 0 ? ` (repeated ${repeated} times)` : ''}`,
        {
          event: 'kafka_client',
          namespace,
          ...(topic && { topic }),
          ...(broker && { broker }),
          ...(repeated > 0 && { repeated }),
        },
      );
    };
  };
}
