/**
 * @module tokenwire API: streams OpenAI-compatible chat completions to browsers over protocol v1.
 */
export { ConfigError } from './config/config-error.js';
export { type ApiConfig, type LogLevel, loadConfig } from './config/load-config.js';
export type { LoggerSetting } from './logging/create-logger.js';
export type { RunningServer } from './server/launch-server.js';
export { type StartServerOptions, startServer } from './server/start-server.js';
