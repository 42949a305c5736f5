import { pino } from 'pino';
import type { Logger } from './Logger.js';
import { redactSecrets } from './redactSecrets.js';

/** Fields that hold a connection string or a password wherever they appear. */
const SECRET_FIELDS = ['url', 'password', 'connectionString', '*.url', '*.password', '*.connectionString'];

/**
 * One JSON object a line on stderr (`--log-format json`): `level`, `time`
 * (ISO 8601), `msg`, and the line's fields (`query`, `event`, figures). pino
 * redacts: secret fields by path, passwords inside the message by pattern.
 */
export function jsonLogger(destination: number | NodeJS.WritableStream = 2): Logger {
  const stream = typeof destination === 'number' ? pino.destination({ dest: destination, sync: true }) : destination;
  const log = pino(
    {
      base: { name: 'k2o' },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      // A URL keeps its host, which helps, and loses its password; any other secret field loses all.
      redact: {
        paths: SECRET_FIELDS,
        censor: (value, path) => (typeof value === 'string' && path[path.length - 1] !== 'password' ? redactSecrets(value) : '***'),
      },
      hooks: {
        logMethod(args, method) {
          method.apply(this, args.map((a) => (typeof a === 'string' ? redactSecrets(a) : a)) as Parameters<typeof method>);
        },
      },
    },
    stream,
  );
  return {
    info: (m, f) => log.info(f ?? {}, m),
    warn: (m, f) => log.warn(f ?? {}, m),
    error: (m, f) => log.error(f ?? {}, m),
  };
}
