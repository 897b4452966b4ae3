// @module The API's entry: configures from the environment, starts, and shuts down gracefully on SIGTERM/SIGINT.
import { existsSync } from 'node:fs';
import { ConfigError } from './config/config-error.js';
import { startServer } from './server/start-server.js';

// A `.env` beside where the server is started fills in what the environment leaves unset.
if (existsSync('.env')) process.loadEnvFile('.env');

try {
  const server = await startServer();
  let signals = 0;
  const stop = (signal: NodeJS.Signals) => {
    signals++;
    if (signals > 1) {
      process.stderr.write(`tokenwire api: ${signal} again, exiting now\n`);
      process.exit(1);
    }
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`tokenwire api: shutdown failed: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
} catch (error) {
  const message =
    error instanceof ConfigError
      ? error.message
      : `could not start: ${error instanceof Error ? error.message : String(error)}`;
  process.stderr.write(`tokenwire api: ${message}\n`);
  process.exit(1);
}
