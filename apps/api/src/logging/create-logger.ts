import { type DestinationStream, type Logger, type LoggerOptions, pino } from 'pino';
import type { LogLevel } from '../config/load-config.js';

/** `false` for no logs, a pino destination (anything with `write`), or pino options. */
export type LoggerSetting = false | DestinationStream | LoggerOptions;

/**
 * Creates the API's pino logger: JSON lines on stdout (written asynchronously) by default, at `level`.
 *
 * @example
 * const logger = createLogger(undefined, 'info');
 * logger.info({ url: 'http://127.0.0.1:8787' }, 'listening on http://127.0.0.1:8787');
 */
export function createLogger(setting: LoggerSetting | undefined, level: LogLevel): Logger {
  if (setting === false) return pino({ enabled: false });
  // Asynchronous stdout: a synchronous write per request line would stall every stream behind
  // a slow log pipe. pino flushes what is pending when the process exits.
  if (setting === undefined) return pino({ level }, pino.destination({ dest: 1, sync: false }));
  if (isDestination(setting)) return pino({ level }, setting);
  return pino({ level, ...setting });
}

function isDestination(setting: DestinationStream | LoggerOptions): setting is DestinationStream {
  return typeof (setting as { write?: unknown }).write === 'function';
}
