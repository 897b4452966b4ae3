import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/load-config.js';
import { readStream } from '../test-support/read-stream.js';
import type { LogLine } from '../test-support/start-test-stack.js';
import { type LaunchedServer, launchServer } from './launch-server.js';

describe('the embedded demo upstream (no OPENAI_API_KEY, no OPENAI_BASE_URL)', () => {
  let api: LaunchedServer;
  const logs: LogLine[] = [];

  beforeAll(async () => {
    api = await launchServer(loadConfig({ RATE_LIMIT_PER_MINUTE: '0' }), {
      port: 0,
      logger: { write: (line: string) => logs.push(JSON.parse(line) as LogLine) },
    });
  });
  afterAll(() => api.close());

  it('starts @tokenwire/mock-openai on loopback and says so in one log line', () => {
    expect(api.mock).toBeDefined();
    expect(api.upstreamUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    const lines = logs.filter((line) => String(line.msg).includes('demo upstream'));
    expect(lines).toHaveLength(1);
    expect(lines[0]?.msg).toContain(api.upstreamUrl);
    expect(logs.some((line) => String(line.msg).includes(`listening on ${api.url}`))).toBe(true);
  });

  it('answers health checks', async () => {
    const response = await fetch(`${api.url}/api/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok', protocol: 1, upstream: 'demo' });
  });

  it('streams a realistic markdown answer through the openai SDK at the demo pace', async () => {
    const started = performance.now();
    const paced = await fetch(`${api.url}/api/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        messages: [{ role: 'user', content: 'Show me some code' }],
        max_tokens: 12,
      }),
    });
    expect(paced.status).toBe(200);
    const stream = await readStream(paced);
    const elapsed = performance.now() - started;
    expect(stream.events[0]?.event).toMatchObject({ type: 'start', model: 'gpt-4o-mini' });
    expect(stream.last).toMatchObject({ type: 'finish', reason: 'length' });
    expect(stream.events.filter((entry) => entry.event.type === 'text-delta')).toHaveLength(12);
    // About 40 tokens/s: 12 tokens take ~275 ms from the request, not a burst.
    expect(elapsed).toBeGreaterThan(150);
  });

  it('streams markdown with a code block, a list and multi-byte characters', async () => {
    const response = await fetch(`${api.url}/api/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        messages: [{ role: 'user', content: 'Explain streaming [mock rate=0]' }],
      }),
    });
    const stream = await readStream(response);
    expect(stream.last).toMatchObject({ type: 'finish', reason: 'stop' });
    expect(stream.text).toContain('```');
    expect(stream.text).toMatch(/^\s*[-*] |^\s*\d+\. /m);
    expect([...stream.text].some((character) => (character.codePointAt(0) ?? 0) > 127)).toBe(true);
  });
});
