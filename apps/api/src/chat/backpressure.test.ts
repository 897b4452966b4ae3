import { readFileSync } from 'node:fs';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { type MockOpenAI, startMockOpenAI } from '@tokenwire/mock-openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SpawnedApi, spawnApi } from '../test-support/spawn-api.js';

function rssBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /VmRSS:\s+(\d+) kB/.exec(status);
  return Number(match?.[1] ?? 0) * 1024;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('backpressure', () => {
  let mock: MockOpenAI;
  let api: SpawnedApi;

  beforeAll(async () => {
    // The upstream in this process and the API in its own, so the API's RSS is the API's alone.
    mock = await startMockOpenAI({ tokensPerSecond: 0 });
    api = await spawnApi({
      OPENAI_BASE_URL: mock.url,
      OPENAI_API_KEY: 'test',
      RATE_LIMIT_PER_MINUTE: '0',
    });
  }, 30_000);
  afterAll(async () => {
    api.child.kill('SIGKILL');
    await api.exited;
    await mock.close();
  });

  it('pauses the upstream for a slow reader of a fast model, so memory stays flat', async () => {
    const pid = api.child.pid ?? 0;
    const body = JSON.stringify({
      messages: [{ role: 'user', content: 'Go [mock tokens=5000000 rate=0]' }],
    });
    const response = await new Promise<IncomingMessage>((resolve, reject) => {
      const request = httpRequest(`${api.url}/api/chat`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
      });
      request.on('response', resolve);
      request.on('error', reject);
      request.end(body);
    });
    expect(response.statusCode).toBe(200);

    // A slow reader: 16 KiB every 50 ms (~320 KiB/s), while the model could send far more.
    response.pause();
    let received = 0;
    const samples: number[] = [];
    const started = Date.now();
    while (Date.now() - started < 3000) {
      let chunk: Buffer | null = response.read(16 * 1024) as Buffer | null;
      if (chunk === null) chunk = response.read() as Buffer | null;
      received += chunk?.length ?? 0;
      await sleep(50);
      if ((Date.now() - started) % 250 < 50) samples.push(rssBytes(pid));
    }
    response.destroy();

    const closed = await new Promise<{ tokensSent: number }>((resolve) => {
      mock.on('close', resolve);
    });
    const settled = samples.slice(2);
    const growth = Math.max(...settled) - Math.min(...settled);
    // Unpaused, the API would buffer what the model streams: hundreds of MB in 3 s.
    expect(growth).toBeLessThan(24 * 1024 * 1024);
    // And the model was held to roughly the reader's pace plus socket buffers, not its own.
    const upstreamBytesPerToken = 150;
    expect(closed.tokensSent * upstreamBytesPerToken).toBeLessThan(received * 4 + 64 * 1024 * 1024);
    expect(closed.tokensSent).toBeLessThan(1_000_000);
    expect(received).toBeGreaterThan(256 * 1024);
  }, 30_000);
});
