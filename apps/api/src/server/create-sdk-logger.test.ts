import OpenAI from 'openai';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { LogLevel } from '../config/load-config.js';
import { createSdkLogger } from './create-sdk-logger.js';

const KEY = 'sk-canary-0123456789-NEVER-LOG';

/** An SDK client whose fetch answers one chat stream, logging through pino into `lines`. */
function createClient(level: LogLevel, logContent = false) {
  const lines: Array<Record<string, unknown>> = [];
  const logger = pino({ level }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  const fetch = async (): Promise<Response> =>
    new Response('data: [DONE]\n\n', {
      status: 200,
      headers: { 'content-type': 'text/event-stream', 'x-request-id': 'req_1' },
    });
  const client = new OpenAI({
    apiKey: KEY,
    baseURL: `http://upstream.test/v1?key=${KEY}`,
    fetch,
    maxRetries: 0,
    ...createSdkLogger(logger, { level, secrets: [KEY], logContent }),
  });
  return { client, lines };
}

const ask = (client: OpenAI) =>
  client.chat.completions
    .create({ model: 'm', messages: [{ role: 'user', content: 'private words' }], stream: true })
    .asResponse();

describe('createSdkLogger', () => {
  it('logs nothing from the SDK per request at LOG_LEVEL=info', async () => {
    const { client, lines } = createClient('info');
    expect(client.logLevel).toBe('warn');
    await ask(client);
    expect(lines).toEqual([]);
  });

  it('turns the SDK off at LOG_LEVEL=silent', () => {
    expect(createClient('silent').client.logLevel).toBe('off');
    expect(createClient('error').client.logLevel).toBe('error');
  });

  it('at LOG_LEVEL=debug writes the SDK’s lines through pino, key, headers and body redacted', async () => {
    const { client, lines } = createClient('debug');
    await ask(client);
    const sdkLines = lines.filter((line) => line.component === 'openai');
    expect(sdkLines.map((line) => line.msg)).toEqual([
      expect.stringMatching(/sending request$/),
      expect.stringMatching(/succeeded with status 200/),
      expect.stringMatching(/response start$/),
    ]);
    const text = JSON.stringify(lines);
    expect(text).not.toContain(KEY);
    expect(text).not.toContain('private words');
    expect(text).toContain('[redacted]');
  });

  it('keeps the request body in the SDK’s lines with LOG_CONTENT=1, the key still redacted', async () => {
    const { client, lines } = createClient('debug', true);
    await ask(client);
    const text = JSON.stringify(lines);
    expect(text).toContain('private words');
    expect(text).not.toContain(KEY);
  });
});
