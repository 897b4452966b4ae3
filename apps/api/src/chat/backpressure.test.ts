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

// 4 KiB ASCII pieces: a long answer in few tokens, so the test moves 128 MiB in seconds.
const LARGE_TOKEN = `${'0123456789abcdef'.repeat(255)}end `;
function* largeTokens(count: number): Generator<string> {
  for (let index = 0; index < count; index++) yield LARGE_TOKEN;
}

function postChat(url: string, content: string): Promise<IncomingMessage> {
  return new Promise<IncomingMessage>((resolve, reject) => {
    const request = httpRequest(`${url}/api/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
    });
    request.on('response', resolve);
    request.on('error', reject);
    request.end(JSON.stringify({ messages: [{ role: 'user', content }] }));
  });
}

describe('backpressure', () => {
  let mock: MockOpenAI;
  let api: SpawnedApi;

  beforeAll(async () => {
    // The upstream in this process and the API in its own, so the API's RSS is the API's alone.
    // `[mock tokens=N]` prompts get the filler; the rest get LARGE_TOKEN pieces.
    mock = await startMockOpenAI({ tokensPerSecond: 0, tokens: () => largeTokens(40_000) });
    api = await spawnApi({
      OPENAI_BASE_URL: mock.url,
      OPENAI_API_KEY: 'test',
      RATE_LIMIT_PER_MINUTE: '0',
      // A reader that leaves ends the answer at once (no resume): the test waits for that.
      RESUME_GRACE_MS: '0',
    });
  }, 30_000);
  afterAll(async () => {
    api.child.kill('SIGKILL');
    await api.exited;
    await mock.close();
  });

  it('pauses the upstream for a slow reader of a fast model, so memory stays flat', async () => {
    const pid = api.child.pid ?? 0;
    const response = await postChat(api.url, 'Go [mock tokens=5000000 rate=0]');
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

  it('forgets what it has sent: 128 MiB streamed to a reader leaves the memory of one stream', async () => {
    const pid = api.child.pid ?? 0;
    const response = await postChat(api.url, 'Go');
    expect(response.statusCode).toBe(200);
    const total = 128 * 1024 * 1024;
    const warmUp = 16 * 1024 * 1024;
    let received = 0;
    let baseline = 0;
    let peak = 0;
    let nextSampleAt = warmUp;
    await new Promise<void>((resolve, reject) => {
      response.on('data', (chunk: Buffer) => {
        received += chunk.length;
        if (received < nextSampleAt) return;
        // Sampled every 4 MiB read, from the point where the stream, its buffers and the JIT are warm.
        nextSampleAt += 4 * 1024 * 1024;
        const rss = rssBytes(pid);
        if (baseline === 0) baseline = rss;
        peak = Math.max(peak, rss);
        if (received >= total) {
          response.destroy();
          resolve();
        }
      });
      response.on('error', reject);
      response.on('end', () => reject(new Error(`the stream ended after ${received} bytes`)));
    });
    // Keeping the frames (as the API once did) grows RSS by at least the 112 MiB read after the
    // baseline; what is left is V8's garbage waiting for a collection.
    expect(peak - baseline).toBeLessThan(48 * 1024 * 1024);
  }, 60_000);
});
