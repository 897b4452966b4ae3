import { startMockOpenAI } from '@tokenwire/mock-openai';
import { describe, expect, it } from 'vitest';
import { readStream } from '../test-support/read-stream.js';
import { spawnApi } from '../test-support/spawn-api.js';

const CANARY_KEY = 'sk-canary-5f1d2a9c7e-NEVER-PRINT';

/**
 * Runs the API as its own process with OPENAI_LOG=debug in its environment (which makes the
 * openai SDK print request details with `console` when left to itself), asks one chat and one
 * chat the upstream refuses, and returns everything the process printed.
 */
async function runWithSdkDebug(logLevel: string) {
  const mock = await startMockOpenAI({ tokensPerSecond: 0, apiKey: CANARY_KEY });
  const api = await spawnApi({
    OPENAI_LOG: 'debug',
    OPENAI_API_KEY: CANARY_KEY,
    OPENAI_BASE_URL: mock.url,
    LOG_LEVEL: logLevel,
    RATE_LIMIT_PER_MINUTE: '0',
    UPSTREAM_MAX_RETRIES: '0',
  });
  try {
    const chat = (body: unknown) =>
      fetch(`${api.url}/api/chat`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const answered = await chat({ messages: [{ role: 'user', content: 'hello there' }] });
    expect(answered.status).toBe(200);
    expect((await readStream(answered)).last?.type).toBe('finish');
    const refused = await chat({ messages: [{ role: 'user', content: 'hi' }], model: 'no-such' });
    await refused.text();
  } finally {
    api.child.kill('SIGINT');
    await api.exited;
    await mock.close();
  }
  return { lines: api.lines, stdout: JSON.stringify(api.lines), stderr: api.stderr() };
}

describe('the openai SDK’s own logging', () => {
  it('prints nothing with OPENAI_LOG=debug in the environment and LOG_LEVEL=info, and never the key', async () => {
    const { lines, stdout, stderr } = await runWithSdkDebug('info');
    expect(stdout).not.toContain(CANARY_KEY);
    expect(stderr).not.toContain(CANARY_KEY);
    expect(stderr).toBe('');
    expect(lines.filter((line) => line.component === 'openai')).toEqual([]);
    expect(lines.filter((line) => 'raw' in line)).toEqual([]);
    expect(stdout).not.toMatch(/sending request|\[log_[0-9a-f]+\]/);
  }, 30_000);

  it('at LOG_LEVEL=debug prints the SDK’s lines only as pino JSON lines, redacted', async () => {
    const { lines, stdout, stderr } = await runWithSdkDebug('debug');
    expect(stdout).not.toContain(CANARY_KEY);
    expect(stderr).not.toContain(CANARY_KEY);
    expect(stderr).toBe('');
    expect(lines.filter((line) => 'raw' in line)).toEqual([]);
    const sdkLines = lines.filter((line) => line.component === 'openai');
    expect(sdkLines.some((line) => String(line.msg).endsWith('sending request'))).toBe(true);
    expect(sdkLines.every((line) => line.level === 20 || line.level === 30)).toBe(true);
    expect(JSON.stringify(sdkLines)).not.toContain('hello there');
  }, 30_000);
});
