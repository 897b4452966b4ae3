/**
 * @module `tokenwire-mock-openai` CLI: runs the mock until SIGINT or SIGTERM.
 */
import { CLI_USAGE, type CliCommand, parseCliArguments } from './parse-cli-arguments.js';
import { startMockOpenAI } from './start-mock-openai.js';

let command: CliCommand;
try {
  command = parseCliArguments(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`tokenwire-mock-openai: ${(error as Error).message}\n\n${CLI_USAGE}`);
  process.exit(2);
}

if (command.kind === 'help') {
  process.stdout.write(CLI_USAGE);
} else {
  const mock = await startMockOpenAI({
    port: command.port,
    host: command.host,
    tokensPerSecond: command.tokensPerSecond,
    ...(command.apiKey === undefined ? {} : { apiKey: command.apiKey }),
  });

  let isClosing = false;
  const shutdown = () => {
    // A second Ctrl-C means "now": don't wait for the graceful close.
    if (isClosing) process.exit(130);
    isClosing = true;
    mock.close().then(
      () => {
        process.exitCode = 0;
      },
      (error: unknown) => {
        process.stderr.write(`tokenwire-mock-openai: ${String(error)}\n`);
        process.exitCode = 1;
      },
    );
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
  // Printed last: whoever waits for this line may signal right away, so the handlers must exist.
  process.stdout.write(`Mock OpenAI API listening on ${mock.url}\n`);
}
