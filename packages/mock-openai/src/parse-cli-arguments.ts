import { parseArgs } from 'node:util';

/** What the CLI was asked to do. */
export type CliCommand =
  | { kind: 'help' }
  | { kind: 'serve'; port: number; host: string; tokensPerSecond: number; apiKey?: string };

/** The `--help` text. */
export const CLI_USAGE = `Usage: tokenwire-mock-openai [options]

An OpenAI-compatible chat-completions server that streams realistic answers and injects faults.

Options:
  --port <n>       port to listen on (default 4010; 0 picks a free one)
  --host <host>    interface to bind (default 127.0.0.1)
  --rate <n>       tokens per second (default 40; 0 = as fast as possible)
  --api-key <key>  require "Authorization: Bearer <key>"
  -h, --help       show this help

Faults: put "[mock status=429]", "[mock drop=5 once]", "[mock stall=2000 stallAfter=3]", …
in the last user message, or send x-mock-<key> headers.
`;

/**
 * Parses the CLI's arguments; throws a `TypeError` (from `node:util`) or `RangeError` on bad input.
 *
 * @example
 * parseCliArguments(['--port', '0', '--rate', '0']);
 * // { kind: 'serve', port: 0, host: '127.0.0.1', tokensPerSecond: 0 }
 */
export function parseCliArguments(args: readonly string[]): CliCommand {
  const { values } = parseArgs({
    args: [...args],
    options: {
      port: { type: 'string', default: '4010' },
      host: { type: 'string', default: '127.0.0.1' },
      rate: { type: 'string', default: '40' },
      'api-key': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) return { kind: 'help' };
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new RangeError(`--port must be an integer 0–65535, got ${values.port}`);
  }
  const tokensPerSecond = Number(values.rate);
  if (!Number.isFinite(tokensPerSecond) || tokensPerSecond < 0) {
    throw new RangeError(`--rate must be a number >= 0, got ${values.rate}`);
  }
  const apiKey = values['api-key'];
  return {
    kind: 'serve',
    port,
    host: values.host,
    tokensPerSecond,
    ...(apiKey === undefined ? {} : { apiKey }),
  };
}
