import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import OpenAI from 'openai';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseCliArguments } from './parse-cli-arguments.js';

const packageDirectory = fileURLToPath(new URL('..', import.meta.url));
const run = promisify(execFile);

// The bin imports dist/cli.js, so the test builds first: it exercises exactly what ships.
beforeAll(async () => {
  await run(
    process.execPath,
    [createRequire(import.meta.url).resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'],
    {
      cwd: packageDirectory,
    },
  );
}, 120_000);

function startCli(args: string[]): { child: ChildProcess; url: Promise<string> } {
  const child = spawn(process.execPath, ['bin/tokenwire-mock-openai.js', ...args], {
    cwd: packageDirectory,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const url = new Promise<string>((resolve, reject) => {
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /(http:\/\/\S+\/v1)\n/.exec(output);
      if (match?.[1]) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`CLI exited early with ${code}: ${output}`)));
  });
  return { child, url };
}

describe('parseCliArguments', () => {
  it('defaults to port 4010, 127.0.0.1 and 40 tokens per second', () => {
    expect(parseCliArguments([])).toEqual({
      kind: 'serve',
      port: 4010,
      host: '127.0.0.1',
      tokensPerSecond: 40,
    });
  });

  it('reads every option', () => {
    expect(
      parseCliArguments(['--port', '0', '--host', '::1', '--rate', '12.5', '--api-key', 'k']),
    ).toEqual({ kind: 'serve', port: 0, host: '::1', tokensPerSecond: 12.5, apiKey: 'k' });
    expect(parseCliArguments(['-h'])).toEqual({ kind: 'help' });
  });

  it('rejects bad values and unknown flags', () => {
    expect(() => parseCliArguments(['--port', '70000'])).toThrow(/--port/);
    expect(() => parseCliArguments(['--rate', '-1'])).toThrow(/--rate/);
    expect(() => parseCliArguments(['--verbose'])).toThrow();
  });
});

describe('tokenwire-mock-openai CLI', () => {
  it('prints the URL, serves the SDK with auth, and exits 0 on SIGTERM mid-stream', async () => {
    const { child, url } = startCli(['--port', '0', '--rate', '20', '--api-key', 'cli-key']);
    const baseURL = await url;
    expect(baseURL).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);

    const client = new OpenAI({ baseURL, apiKey: 'cli-key', maxRetries: 0 });
    const stream = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'hello [mock tokens=100]' }],
      stream: true,
    });
    const iterator = stream[Symbol.asyncIterator]();
    expect((await iterator.next()).value?.choices[0]?.delta.role).toBe('assistant');

    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    const [code] = await exited;
    expect(code).toBe(0);
    await expect(
      (async () => {
        for (;;) if ((await iterator.next()).done) return;
      })(),
    ).rejects.toThrow();
  });

  it('closes cleanly on SIGINT', async () => {
    const { child, url } = startCli(['--port', '0']);
    await url;
    const exited = once(child, 'exit');
    child.kill('SIGINT');
    expect((await exited)[0]).toBe(0);
  });

  it('prints usage for --help and exits 2 on a bad flag', async () => {
    const help = await run(process.execPath, ['bin/tokenwire-mock-openai.js', '--help'], {
      cwd: packageDirectory,
    });
    expect(help.stdout).toMatch(/Usage: tokenwire-mock-openai/);
    expect(help.stdout).toMatch(/--api-key/);

    const failure = await run(process.execPath, ['bin/tokenwire-mock-openai.js', '--nope'], {
      cwd: packageDirectory,
    }).catch((error: { code: number; stderr: string }) => error);
    expect(failure).toMatchObject({ code: 2 });
    expect((failure as { stderr: string }).stderr).toMatch(/Usage:/);
  });
});
