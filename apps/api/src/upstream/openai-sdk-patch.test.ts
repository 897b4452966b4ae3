import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';

/**
 * A fetch answering a chat stream with a Response that counts how often its headers are read, the
 * way the SDK's debug details read them (`entries()`, iteration).
 */
function countingFetch() {
  const counts = { headerReads: 0 };
  const fetch = async (): Promise<Response> => {
    const response = new Response('data: [DONE]\n\n', {
      status: 200,
      headers: { 'content-type': 'text/event-stream', 'x-request-id': 'req_1' },
    });
    const { headers } = response;
    const counted = new Proxy(headers, {
      get(target, property) {
        if (property === 'entries' || property === Symbol.iterator || property === 'forEach') {
          counts.headerReads++;
        }
        const value = Reflect.get(target, property, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    Object.defineProperty(response, 'headers', { value: counted });
    return response;
  };
  return { fetch, counts };
}

const create = (client: OpenAI) =>
  client.chat.completions
    .create({ model: 'm', messages: [{ role: 'user', content: 'Hi' }], stream: true })
    .asResponse();

describe('the openai SDK patch (patches/openai@6.30.1.patch)', () => {
  it('builds no log details from the headers when the log level will not print them', async () => {
    const { fetch, counts } = countingFetch();
    const logged: unknown[] = [];
    const logger = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };
    logger.debug = (...args: unknown[]) => void logged.push(args);
    logger.info = (...args: unknown[]) => void logged.push(args);
    const client = new OpenAI({
      apiKey: 'sk-secret',
      baseURL: 'http://upstream.test/v1',
      fetch,
      logger,
      maxRetries: 0,
    });
    const response = await create(client);
    expect(response.status).toBe(200);
    expect(counts.headerReads).toBe(0);
    expect(logged).toEqual([]);
  });

  it('still logs the same details, the key redacted, when the log level asks for them', async () => {
    const { fetch, counts } = countingFetch();
    const lines: string[] = [];
    const record = (message: string, details?: unknown) =>
      void lines.push(`${message} ${JSON.stringify(details ?? null)}`);
    const logger = { debug: record, info: record, warn: record, error: record };
    const client = new OpenAI({
      apiKey: 'sk-secret',
      baseURL: 'http://upstream.test/v1',
      fetch,
      logger,
      logLevel: 'debug',
      maxRetries: 0,
    });
    await create(client);
    expect(counts.headerReads).toBeGreaterThan(0);
    const sending = lines.find((line) => line.includes('sending request'));
    expect(sending).toContain('"authorization":"***"');
    expect(lines.join('\n')).not.toContain('sk-secret');
    expect(
      lines.some((line) =>
        /x-request-id: "req_1"\] post http:\/\/upstream\.test\/v1\/chat\/completions succeeded with status 200/i.test(
          line,
        ),
      ),
    ).toBe(true);
    expect(lines.some((line) => line.includes('response start'))).toBe(true);
  });
});
