import { loadConfig } from '../config/load-config.js';
import type { LoggerSetting } from '../logging/create-logger.js';
import { launchServer, type RunningServer } from './launch-server.js';

/** Options for {@link startServer}. */
export interface StartServerOptions {
  /** The environment to configure from; default `process.env`. */
  env?: Record<string, string | undefined>;
  /** Wins over `PORT`; 0 picks a free port. */
  port?: number;
  /** Wins over `HOST`. */
  host?: string;
  /** `false` for silence, a pino destination, or pino options. Default: JSON lines on stdout. */
  logger?: LoggerSetting;
}

/**
 * Validates the configuration and starts the API. With neither `OPENAI_API_KEY` nor
 * `OPENAI_BASE_URL` in `env`, the built-in demo upstream is started on a loopback port.
 * Throws a `ConfigError` (one line naming every bad variable) before anything starts.
 *
 * @example
 * const server = await startServer({ env: { RATE_LIMIT_PER_MINUTE: '0' }, port: 0, logger: false });
 * const response = await fetch(`${server.url}/api/health`);
 * await server.close();
 */
export async function startServer(options: StartServerOptions = {}): Promise<RunningServer> {
  const config = loadConfig(options.env ?? process.env);
  const { url, port, upstreamUrl, close } = await launchServer(config, options);
  return { url, port, upstreamUrl, close };
}
