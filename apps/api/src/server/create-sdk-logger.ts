import type { ClientOptions } from 'openai';
import type { Logger } from 'pino';
import type { LogLevel } from '../config/load-config.js';

type SdkLogLevel = NonNullable<ClientOptions['logLevel']>;
type SdkLogger = NonNullable<ClientOptions['logger']>;

/** What {@link createSdkLogger} needs. */
export interface SdkLoggerOptions {
  /** `LOG_LEVEL`: the SDK's level follows it, whatever `OPENAI_LOG` says. */
  level: LogLevel;
  /** Strings (the API key) replaced wherever they appear in an SDK line. */
  secrets: readonly string[];
  /** `LOG_CONTENT`: without it, the request bodies of the SDK's debug lines are left out. */
  logContent: boolean;
}

/** The SDK's options for its logging: the `logLevel` and `logger` of `new OpenAI({...})`. */
export interface SdkLogging {
  logLevel: SdkLogLevel;
  logger: SdkLogger;
}

const REDACTED = '[redacted]';
const SECRET_HEADERS = new Set([
  'authorization',
  'proxy-authorization',
  'api-key',
  'x-api-key',
  'cookie',
  'set-cookie',
]);
const MAX_DEPTH = 8;

/**
 * The openai SDK's logging, routed through the API's pino logger. Left to itself the SDK reads
 * `OPENAI_LOG` from the environment and prints with `console` — request details included at
 * `debug` — whatever `LOG_LEVEL` says; passed explicitly, its level follows `LOG_LEVEL` and every
 * line is a pino line (`component: "openai"`) with the key and secret headers redacted and, unless
 * `LOG_CONTENT=1`, no request body. The SDK's per-request `info` line (method, URL, status) is
 * logged only at `LOG_LEVEL=debug`: the API's own request line already says as much.
 *
 * @example
 * const client = new OpenAI({ apiKey, ...createSdkLogger(logger, { level: 'info', secrets: [apiKey], logContent: false }) });
 */
export function createSdkLogger(logger: Logger, options: SdkLoggerOptions): SdkLogging {
  const child = logger.child({ component: 'openai' });
  const secrets = options.secrets.filter((secret) => secret.length >= 8);
  const clean = (value: unknown, depth: number, seen: WeakSet<object>): unknown => {
    if (typeof value === 'string') return redactString(value, secrets);
    if (typeof value !== 'object' || value === null) return value;
    if (depth >= MAX_DEPTH || seen.has(value)) return '[…]';
    seen.add(value);
    if (value instanceof Error) {
      return { name: value.name, message: redactString(value.message, secrets) };
    }
    if (value instanceof Headers) return clean(Object.fromEntries(value), depth, seen);
    if (Array.isArray(value)) return value.map((item) => clean(item, depth + 1, seen));
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      if (SECRET_HEADERS.has(key.toLowerCase())) copy[key] = REDACTED;
      else if (key === 'body' && !options.logContent) copy[key] = '[LOG_CONTENT=0]';
      else copy[key] = clean(item, depth + 1, seen);
    }
    return copy;
  };
  const route =
    (level: 'error' | 'warn' | 'info' | 'debug') =>
    (message: string, ...rest: unknown[]) => {
      const text = redactString(String(message), secrets);
      if (rest.length === 0) child[level](text);
      else child[level]({ details: clean(rest, 0, new WeakSet()) }, text);
    };
  return {
    logLevel: sdkLogLevel(options.level),
    logger: {
      error: route('error'),
      warn: route('warn'),
      info: route('info'),
      debug: route('debug'),
    },
  };
}

function sdkLogLevel(level: LogLevel): SdkLogLevel {
  switch (level) {
    case 'trace':
    case 'debug':
      return 'debug';
    case 'info':
    case 'warn':
      return 'warn';
    case 'error':
    case 'fatal':
      return 'error';
    case 'silent':
      return 'off';
  }
}

function redactString(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of secrets) {
    if (result.includes(secret)) result = result.replaceAll(secret, REDACTED);
  }
  return result;
}
