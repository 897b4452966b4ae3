import { describe, expect, it } from 'vitest';
import { parseSideBySideArgs } from './parse-side-by-side-args.js';

describe('parseSideBySideArgs', () => {
  it('defaults to node-pipe against tokenwire, 500 streams each at 20 tokens/s', () => {
    expect(parseSideBySideArgs([])).toEqual({
      a: 'node-pipe',
      b: 'tokenwire',
      aEnv: {},
      bEnv: {},
      aApi: undefined,
      bApi: undefined,
      streams: 500,
      tokensPerSecond: 20,
      tokens: 100,
      windows: 6,
      windowSeconds: 4,
      isBuildSkipped: false,
      isHelp: false,
    });
  });

  it('reads systems, environments and numbers, past the bare -- pnpm passes on', () => {
    const args = parseSideBySideArgs([
      '--',
      '--a=tokenwire',
      '--b',
      'tokenwire',
      '--b-env',
      'RESUME_BUFFER_BYTES=0,LOG_LEVEL=a=b',
      '--streams',
      '200',
      '--window-seconds=10',
      '--tokens',
      '0',
      '--no-build',
      '--a-api',
      '/tmp/old/apps/api/dist/main.js',
    ]);
    expect(args.aApi).toBe('/tmp/old/apps/api/dist/main.js');
    expect(args.bApi).toBeUndefined();
    expect(args.a).toBe('tokenwire');
    expect(args.b).toBe('tokenwire');
    expect(args.bEnv).toEqual({ RESUME_BUFFER_BYTES: '0', LOG_LEVEL: 'a=b' });
    expect(args.streams).toBe(200);
    expect(args.windowSeconds).toBe(10);
    expect(args.tokens).toBe(0);
    expect(args.isBuildSkipped).toBe(true);
  });

  it('refuses unknown flags, systems without a process, bad pairs and numbers', () => {
    expect(() => parseSideBySideArgs(['--stream', '5'])).toThrow(/Unknown option/);
    expect(() => parseSideBySideArgs(['--a', 'direct'])).toThrow(/needs a system with a process/);
    expect(() => parseSideBySideArgs(['--b', 'nginx'])).toThrow(/got nginx/);
    expect(() => parseSideBySideArgs(['--a-env', 'RESUME'])).toThrow(/NAME=value/);
    expect(() => parseSideBySideArgs(['--b-env', '=0'])).toThrow(/NAME=value/);
    expect(() => parseSideBySideArgs(['--streams', '0'])).toThrow(/from 1 to 4000/);
    expect(() => parseSideBySideArgs(['--rate', '2.5'])).toThrow(/whole number/);
  });
});
