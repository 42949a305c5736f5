import { redactSecrets } from './redactSecrets.js';

/** Figures and names a line carries for machines: the JSON format writes them as fields. */
export type LogFields = Readonly<Record<string, string | number | boolean | null>>;

/** Where the runtime reports progress and trouble: lines for people, on stderr by default. */
export interface Logger {
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

/** Lines for people: the message says it all, so the fields are left to the JSON format. */
export function stderrLogger(prefix = 'k2o'): Logger {
  const line = (level: string, message: string) =>
    process.stderr.write(`${new Date().toISOString()} ${prefix} ${level} ${redactSecrets(message)}\n`);
  return {
    info: (m) => line('INFO', m),
    warn: (m) => line('WARN', m),
    error: (m) => line('ERROR', m),
  };
}
