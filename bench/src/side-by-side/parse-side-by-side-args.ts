import { parseArgs } from 'node:util';
import { SYSTEM_NAMES, type SystemName } from '../systems/system-definition.js';

/** What `pnpm --filter @tokenwire/bench side-by-side` was asked to do. */
export interface SideBySideArgs {
  a: SystemName;
  b: SystemName;
  /** More environment for each system's process (`--a-env RESUME_BUFFER_BYTES=0`). */
  aEnv: Record<string, string>;
  bEnv: Record<string, string>;
  /** Another build of the API for `tokenwire` on that side (`--b-api /tmp/old/apps/api/dist/main.js`). */
  aApi: string | undefined;
  bApi: string | undefined;
  /** Streams open on each system at once. */
  streams: number;
  tokensPerSecond: number;
  /** Tokens per chat, after which its slot starts a new one; 0: one chat per slot for the whole run. */
  tokens: number;
  windows: number;
  windowSeconds: number;
  isBuildSkipped: boolean;
  isHelp: boolean;
}

/** `side-by-side --help`. */
export const SIDE_BY_SIDE_USAGE = `Usage: pnpm --filter @tokenwire/bench side-by-side [--a node-pipe] [--b tokenwire]
          [--a-env K=V,K=V] [--b-env K=V,K=V] [--a-api main.js] [--b-api main.js]
          [--streams 500] [--rate 20] [--tokens 100]
          [--windows 6] [--window-seconds 4] [--no-build]
Runs two systems at once on the server core, each with --streams open streams of --rate tokens/s
from the one load process (chats of --tokens tokens, each followed by a new one, as in S7; 0: one
chat per stream for the whole run), and prints both systems' CPU per token window by window and
the ratio b/a. The same system twice with different --a-env/--b-env compares two settings, and
--a-api/--b-api two builds of the API (another checkout's apps/api/dist/main.js).`;

const integer = (text: string, flag: string, min: number, max: number): number => {
  const value = Number(text);
  if (!/^[0-9]+$/.test(text) || value < min || value > max) {
    throw new Error(`--${flag} needs a whole number from ${min} to ${max}, got ${text}`);
  }
  return value;
};

const systemName = (text: string, flag: string): SystemName => {
  const name = SYSTEM_NAMES.find((known) => known === text);
  if (name === undefined || name === 'direct') {
    throw new Error(
      `--${flag} needs a system with a process (${SYSTEM_NAMES.slice(1).join(', ')}), got ${text}`,
    );
  }
  return name;
};

const environment = (text: string | undefined, flag: string): Record<string, string> => {
  const env: Record<string, string> = {};
  for (const pair of (text ?? '').split(',')) {
    if (pair.trim() === '') continue;
    const at = pair.indexOf('=');
    if (at <= 0) throw new Error(`--${flag} takes NAME=value pairs, got ${pair}`);
    env[pair.slice(0, at).trim()] = pair.slice(at + 1);
  }
  return env;
};

/**
 * Parses the side-by-side command line with `node:util`'s `parseArgs`; unknown flags and
 * out-of-range numbers are errors.
 *
 * @example
 * parseSideBySideArgs(['--b-env', 'RESUME_BUFFER_BYTES=0', '--a', 'tokenwire']);
 * // { a: 'tokenwire', b: 'tokenwire', bEnv: { RESUME_BUFFER_BYTES: '0' }, streams: 500, … }
 */
export function parseSideBySideArgs(argv: readonly string[]): SideBySideArgs {
  const { values } = parseArgs({
    args: argv.filter((arg) => arg !== '--'),
    options: {
      a: { type: 'string', default: 'node-pipe' },
      b: { type: 'string', default: 'tokenwire' },
      'a-env': { type: 'string' },
      'b-env': { type: 'string' },
      'a-api': { type: 'string' },
      'b-api': { type: 'string' },
      streams: { type: 'string', default: '500' },
      rate: { type: 'string', default: '20' },
      tokens: { type: 'string', default: '100' },
      windows: { type: 'string', default: '6' },
      'window-seconds': { type: 'string', default: '4' },
      'no-build': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  return {
    a: systemName(values.a, 'a'),
    b: systemName(values.b, 'b'),
    aEnv: environment(values['a-env'], 'a-env'),
    bEnv: environment(values['b-env'], 'b-env'),
    aApi: values['a-api'],
    bApi: values['b-api'],
    streams: integer(values.streams, 'streams', 1, 4_000),
    tokensPerSecond: integer(values.rate, 'rate', 1, 1_000),
    tokens: integer(values.tokens, 'tokens', 0, 1_000_000),
    windows: integer(values.windows, 'windows', 1, 100),
    windowSeconds: integer(values['window-seconds'], 'window-seconds', 1, 600),
    isBuildSkipped: values['no-build'],
    isHelp: values.help,
  };
}
