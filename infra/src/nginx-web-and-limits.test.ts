import { loadConfig } from '@tokenwire/api';
import type { MockOpenAI } from '@tokenwire/mock-openai';
import type { RunningNginx } from '@tokenwire/testing';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { recordStream } from './record-stream.js';
import {
  assetText,
  createWebRoot,
  indexHtml,
  shippedTemplate,
  startApi,
  startDemoUpstream,
  startNginxWith,
} from './test-support/start-stack.js';
import { startTap } from './test-support/start-tap.js';

let mock: MockOpenAI;
let api: Awaited<ReturnType<typeof startApi>>;
let web: Awaited<ReturnType<typeof createWebRoot>>;
let nginx: RunningNginx;

beforeAll(async () => {
  mock = await startDemoUpstream();
  api = await startApi({ mock });
  web = await createWebRoot();
  nginx = await startNginxWith(shippedTemplate, { API_UPSTREAM: api.hostPort, WEB_ROOT: web.path });
});

afterAll(async () => {
  await nginx?.close();
  await api?.close();
  await mock?.close();
  await web?.remove();
});

describe('the web app', () => {
  test('serves index.html at / with no-cache, so a deploy is picked up at once', async () => {
    const response = await recordStream(`${nginx.url}/`);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.headers['cache-control']).toBe('no-cache');
    expect(response.body).toBe(indexHtml);
  });

  test('answers a deep link the server has no file for with index.html (SPA fallback)', async () => {
    for (const path of ['/chat/42', '/settings', '/index.html']) {
      const response = await recordStream(`${nginx.url}${path}`);
      expect(response.status, path).toBe(200);
      expect(response.body, path).toBe(indexHtml);
      expect(response.headers['cache-control'], path).toBe('no-cache');
    }
  });

  test('caches hashed assets for a year as immutable, and gzips them for clients that ask', async () => {
    const plain = await recordStream(`${nginx.url}/assets/app-abc123.js`);
    expect(plain.status).toBe(200);
    expect(plain.headers['content-type']).toMatch(/javascript/);
    expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(plain.body).toBe(assetText);

    const compressed = await recordStream(`${nginx.url}/assets/app-abc123.js`, {
      headers: { 'accept-encoding': 'gzip' },
    });
    expect(compressed.headers['content-encoding']).toBe('gzip');
    expect(compressed.headers.vary).toMatch(/Accept-Encoding/i);
    expect(compressed.body).toBe(assetText);
    const wireBytes = compressed.reads.reduce((total, read) => total + read.bytes, 0);
    expect(wireBytes).toBeLessThan(assetText.length / 2);
  });

  test('answers a missing asset with 404, never index.html under an immutable cache header', async () => {
    const response = await recordStream(`${nginx.url}/assets/app-gone999.js`);
    expect(response.status).toBe(404);
    expect(response.body).not.toContain('<div id="root">');
    expect(response.headers['cache-control']).toBeUndefined();
  });
});

describe('the body limit', () => {
  const maxBodyBytes = loadConfig({}).maxBodyBytes;

  function bodyOfSize(bytes: number): string {
    const envelope = JSON.stringify({ messages: [{ role: 'user', content: '' }] });
    return envelope.replace('""', `"${'a'.repeat(bytes - envelope.length)}"`);
  }

  test("refuses a body over the API's limit with 413 and the API's error shape, before the API sees it", async () => {
    const response = await recordStream(`${nginx.url}/api/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: bodyOfSize(maxBodyBytes + 1),
    });
    expect(response.status).toBe(413);
    expect(response.headers['content-type']).toBe('application/json');
    expect(JSON.parse(response.body)).toEqual({
      error: {
        code: 'payload_too_large',
        message: `The request body is larger than ${maxBodyBytes} bytes.`,
      },
    });
    // nginx logs the refusal on its stderr a moment after answering.
    await expect.poll(() => nginx.errorLog()).toMatch(/client intended to send too large body/);
  });

  test('passes a body of exactly the limit on to the API', async () => {
    const response = await recordStream(`${nginx.url}/api/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: bodyOfSize(maxBodyBytes),
    });
    // The API, not nginx, answers: a megabyte of text is over its MAX_INPUT_CHARS.
    expect(response.status).toBe(400);
    expect((JSON.parse(response.body) as { error: { code: string } }).error.code).not.toBe(
      'payload_too_large',
    );
  });
});

describe('the connection to the API', () => {
  test('reuses one HTTP/1.1 keep-alive connection and forwards the client address and scheme', async () => {
    const tap = await startTap(api.hostPort);
    const tapped = await startNginxWith(shippedTemplate, {
      API_UPSTREAM: tap.hostPort,
      WEB_ROOT: web.path,
    });
    try {
      for (let request = 0; request < 3; request++) {
        const response = await recordStream(`${tapped.url}/api/health`, {
          headers: { 'x-forwarded-for': '203.0.113.7' },
        });
        expect(response.status).toBe(200);
      }
      expect(tap.connections).toBe(1);
      const sent = tap.requests[0] ?? '';
      expect(sent.match(/^GET \/api\/health HTTP\/1\.1\r$/gm)).toHaveLength(3);
      expect(sent).not.toMatch(/^connection: close/im);
      expect(sent).toMatch(/^X-Forwarded-For: 203\.0\.113\.7, 127\.0\.0\.1\r$/m);
      expect(sent).toMatch(/^X-Real-IP: 127\.0\.0\.1\r$/m);
      expect(sent).toMatch(/^X-Forwarded-Proto: http\r$/m);
    } finally {
      await tapped.close();
      await tap.close();
    }
  });
});
