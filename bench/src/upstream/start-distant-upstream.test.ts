import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:https';
import { afterEach, describe, expect, it } from 'vitest';
import { promptFor } from './prompt-for.js';
import { type DistantUpstream, startDistantUpstream } from './start-distant-upstream.js';
import { createStreamPlan } from './stream-plan.js';

let upstream: DistantUpstream | undefined;
afterEach(async () => {
  await upstream?.close();
  upstream = undefined;
});

/** One chat through `agent`: the body, and how long its response headers took. */
function chat(target: DistantUpstream, agent: Agent): Promise<{ body: string; headersMs: number }> {
  const plan = createStreamPlan({ tokens: 3, tokensPerSecond: 0 });
  target.register(plan);
  const url = new URL(`${target.url}/chat/completions`);
  const startedAt = performance.now();
  return new Promise((resolve, reject) => {
    const outgoing = request(
      url,
      { method: 'POST', agent, headers: { 'content-type': 'application/json' } },
      (response) => {
        const headersMs = performance.now() - startedAt;
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          body += chunk;
        });
        response.on('end', () => resolve({ body, headersMs }));
      },
    );
    outgoing.on('error', reject);
    outgoing.end(
      JSON.stringify({
        model: 'm',
        stream: true,
        messages: [{ role: 'user', content: promptFor(plan) }],
      }),
    );
  });
}

describe('startDistantUpstream', () => {
  it('serves chats over TLS a round trip away, a new connection one round trip more', async () => {
    upstream = await startDistantUpstream({ delayMs: 25 });
    expect(upstream.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/v1$/);
    const agent = new Agent({ keepAlive: true, ca: readFileSync(upstream.caFile, 'utf8') });
    try {
      const first = await chat(upstream, agent);
      expect(first.body).toContain('data: [DONE]');
      // TLS 1.3's handshake, then the request and its answer: two round trips of 50 ms.
      expect(first.headersMs).toBeGreaterThanOrEqual(98);
      const second = await chat(upstream, agent);
      expect(second.body).toContain('data: [DONE]');
      // The kept connection: the request's round trip only.
      expect(second.headersMs).toBeGreaterThanOrEqual(48);
      expect(second.headersMs).toBeLessThan(first.headersMs);
    } finally {
      agent.destroy();
    }
  });

  it('is refused by a client that does not trust its certificate', async () => {
    upstream = await startDistantUpstream({ delayMs: 1 });
    const agent = new Agent({ keepAlive: false });
    await expect(chat(upstream, agent)).rejects.toMatchObject({
      code: 'DEPTH_ZERO_SELF_SIGNED_CERT',
    });
  });
});
