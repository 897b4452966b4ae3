import { readdirSync, readFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';
import {
  chunkFrame,
  createSeededRandom,
  type RawUpstream,
  startRawUpstream,
} from '@tokenwire/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readStream } from '../test-support/read-stream.js';
import { type SpawnedApi, spawnApi } from '../test-support/spawn-api.js';

const CANARY = 'sk-canary-hostile-upstream-7f3a9c';
const SEED = 0x5eed18;
const SSE_HEADERS = { 'content-type': 'text/event-stream' };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const DONE = 'data: [DONE]\n\n';
const finishFrame = chunkFrame({}, { finish_reason: 'stop' });

function randomJunk(random: () => number): string {
  const pieces = [
    '{',
    '}',
    '"choices"',
    '[null]',
    '{"choices":[{"delta":{"content":42}}]}',
    '{"choices":"x"}',
    '{"choices":[{"index":0,"delta":{"tool_calls":[{"index":"a"}]}}]}',
    '\u0000',
    'null',
    '{"error":{"message":"boom"}}',
    '{"choices":[{"index":0,"delta":{"content":"\ud800"}}]}',
  ];
  let text = '';
  const count = 1 + Math.floor(random() * 6);
  for (let index = 0; index < count; index++) {
    text += pieces[Math.floor(random() * pieces.length)];
  }
  return text;
}

type Scenario = (response: ServerResponse, random: () => number) => void | Promise<void>;

/** Each hostile transcript, picked by name from the user's message. */
const SCENARIOS: Record<string, Scenario> = {
  malformed: (response, random) => {
    response.writeHead(200, SSE_HEADERS);
    for (let index = 0; index < 20; index++) {
      const kind = random();
      if (kind < 0.3) response.write(`data: ${randomJunk(random)}\n\n`);
      else if (kind < 0.5) response.write(`${randomJunk(random)}\n`);
      else if (kind < 0.6) response.write('event: error\ndata: {"error":{"message":"x"}}\n\n');
      else response.write(chunkFrame({ content: `w${index} ` }));
    }
    response.end(random() < 0.5 ? finishFrame + DONE : '');
  },
  crOnly: (response) => {
    response.writeHead(200, SSE_HEADERS);
    for (let index = 0; index < 10; index++) {
      response.write(chunkFrame({ content: `c${index} ` }).replace(/\n/g, '\r'));
    }
    response.end((finishFrame + DONE).replace(/\n/g, '\r'));
  },
  oneBytePerWrite: async (response) => {
    response.writeHead(200, SSE_HEADERS);
    const body = Buffer.from(
      `${chunkFrame({ content: 'héllo 👋 ' })}${chunkFrame({ content: 'world' })}${finishFrame}${DONE}`,
    );
    for (const byte of body) {
      if (response.destroyed) return;
      response.write(Buffer.from([byte]));
      await sleep(0);
    }
    response.end();
  },
  gzip: (response) => {
    response.writeHead(200, { ...SSE_HEADERS, 'content-encoding': 'gzip' });
    response.end(gzipSync(`${chunkFrame({ content: 'zipped' })}${finishFrame}${DONE}`));
  },
  hugeLine: (response) => {
    response.writeHead(200, SSE_HEADERS);
    const megabyte = 'x'.repeat(1024 * 1024);
    response.write('data: {"choices":[{"index":0,"delta":{"content":"');
    let written = 0;
    const pump = () => {
      while (written < 20 && !response.destroyed) {
        written++;
        if (!response.write(megabyte)) return;
      }
      if (written >= 20 && !response.destroyed) response.end('"}}]}\n\n');
    };
    response.on('drain', pump);
    pump();
  },
  resetBeforeHeaders: (response) => {
    response.socket?.destroy();
  },
  resetAfterHeaders: (response) => {
    response.writeHead(200, SSE_HEADERS);
    response.write(chunkFrame({ content: 'partial' }));
    setTimeout(() => response.socket?.destroy(), 20);
  },
  stallBeforeHeaders: () => {},
  stallAfterHeaders: (response) => {
    response.writeHead(200, SSE_HEADERS);
    response.write(chunkFrame({ content: 'then silence' }));
  },
  oddUsage: (response, random) => {
    const odd = [-1, '7', null, 1.5, {}, 'NaN', 1e308];
    const pick = () => odd[Math.floor(random() * odd.length)];
    response.writeHead(200, SSE_HEADERS);
    response.write(chunkFrame({ content: 'ok' }));
    response.write(chunkFrame({}, { finish_reason: 'stop' }));
    response.end(
      `data: ${JSON.stringify({ id: 'x', object: 'chat.completion.chunk', created: 0, model: 'raw', choices: [], usage: { prompt_tokens: pick(), completion_tokens: pick(), total_tokens: pick() } })}\n\n${DONE}`,
    );
  },
  reasoningAndTools: (response, random) => {
    response.writeHead(200, SSE_HEADERS);
    response.write(chunkFrame({ reasoning_content: 'thinking…' }));
    response.write(chunkFrame({ reasoning: ' more' }));
    response.write(
      chunkFrame({
        tool_calls: [
          { index: 0, id: 'call_1', type: 'function', function: { name: 'f', arguments: '' } },
        ],
      }),
    );
    response.write(chunkFrame({ tool_calls: [{ index: 0, function: { arguments: '{"a":' } }] }));
    if (random() < 0.5) {
      // A tool call index that never started, and arguments for it.
      response.write(chunkFrame({ tool_calls: [{ index: 7, function: { arguments: '}' } }] }));
    }
    response.write(chunkFrame({ tool_calls: [{ index: 0, function: { arguments: '1}' } }] }));
    response.end(chunkFrame({}, { finish_reason: 'tool_calls' }) + DONE);
  },
  slow: async (response) => {
    response.writeHead(200, SSE_HEADERS);
    for (let index = 0; index < 200 && !response.destroyed; index++) {
      response.write(chunkFrame({ content: `t${index} ` }));
      await sleep(10);
    }
    if (!response.destroyed) response.end(finishFrame + DONE);
  },
};
const HOSTILE = Object.keys(SCENARIOS).filter((name) => name !== 'slow');

function openDescriptors(pid: number): number {
  return readdirSync(`/proc/${pid}/fd`).length;
}

function residentBytes(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(match?.[1] ?? 0) * 1024;
}

describe('hostile upstream, abort storms and SIGTERM under load (spawned API)', () => {
  let upstream: RawUpstream;
  let api: SpawnedApi;
  const bodies: string[] = [];

  beforeAll(async () => {
    const random = createSeededRandom(SEED);
    upstream = await startRawUpstream((_request, response, body) => {
      response.on('error', () => {});
      // The scenario rides in the user message the API forwards, so a retry replays it.
      const name = /scenario:(\w+)/.exec(body)?.[1] ?? 'slow';
      void (SCENARIOS[name] ?? SCENARIOS.slow)?.(response, random);
    });
    api = await spawnApi({
      OPENAI_BASE_URL: upstream.url,
      OPENAI_API_KEY: CANARY,
      OPENAI_LOG: 'debug',
      LOG_LEVEL: 'debug',
      RATE_LIMIT_PER_MINUTE: '0',
      UPSTREAM_TIMEOUT_MS: '1500',
      UPSTREAM_MAX_RETRIES: '1',
      HEARTBEAT_MS: '500',
      RESUME_GRACE_MS: '0',
      SHUTDOWN_GRACE_MS: '300',
    });
  }, 30_000);
  afterAll(async () => {
    if (api.child.exitCode === null) api.child.kill('SIGKILL');
    await upstream.close();
  });

  async function ask(scenario: string, signal?: AbortSignal): Promise<Response> {
    return fetch(`${api.url}/api/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ messages: [{ role: 'user', content: `scenario:${scenario}` }] }),
      signal,
    });
  }

  it('answers every hostile transcript with a 502 JSON or a terminal event, within the bounds', async () => {
    const descriptorsBefore = openDescriptors(api.child.pid ?? 0);
    const memoryBefore = residentBytes(api.child.pid ?? 0);
    for (let round = 0; round < 2; round++) {
      for (const scenario of HOSTILE) {
        const startedAt = performance.now();
        const response = await ask(scenario, AbortSignal.timeout(20_000));
        if (response.status === 200) {
          const stream = await readStream(response);
          bodies.push(stream.raw);
          expect(['finish', 'error'], `${scenario}: ${stream.raw.slice(-300)}`).toContain(
            stream.last?.type,
          );
        } else {
          const text = await response.text();
          bodies.push(text);
          expect([429, 502], `${scenario}: ${text}`).toContain(response.status);
          expect(JSON.parse(text)).toMatchObject({ error: { code: expect.any(String) } });
        }
        // Stalls end at UPSTREAM_TIMEOUT_MS (1.5 s, once per retry at most): generous.
        expect(performance.now() - startedAt, scenario).toBeLessThan(15_000);
      }
    }
    const health = await fetch(`${api.url}/api/health`);
    expect(health.status).toBe(200);
    await sleep(500);
    expect(openDescriptors(api.child.pid ?? 0)).toBeLessThanOrEqual(descriptorsBefore + 8);
    // A 20 MB line passed through twice: memory must come back near where it was.
    expect(residentBytes(api.child.pid ?? 0)).toBeLessThan(memoryBefore + 250 * 1024 * 1024);
  }, 60_000);

  it('survives an abort storm: hundreds of clients aborting at random points', async () => {
    const random = createSeededRandom(SEED + 2);
    const descriptorsBefore = openDescriptors(api.child.pid ?? 0);
    const clients = Array.from({ length: 200 }, async () => {
      const controller = new AbortController();
      const delay = Math.floor(random() * 400);
      setTimeout(() => controller.abort(), delay);
      try {
        const response = await ask('slow', controller.signal);
        await readStream(response);
      } catch {
        // The abort itself.
      }
    });
    await Promise.all(clients);
    const health = await fetch(`${api.url}/api/health`);
    expect(health.status).toBe(200);
    const deadline = performance.now() + 10_000;
    while (
      openDescriptors(api.child.pid ?? 0) > descriptorsBefore + 8 &&
      performance.now() < deadline
    ) {
      await sleep(100);
    }
    expect(openDescriptors(api.child.pid ?? 0)).toBeLessThanOrEqual(descriptorsBefore + 8);
  }, 60_000);

  it('ends every open stream with a terminal event on SIGTERM under load and exits 0, never printing the key', async () => {
    const streams = Array.from({ length: 40 }, async () => {
      const response = await ask('slow');
      return readStream(response);
    });
    await sleep(300);
    api.child.kill('SIGTERM');
    const results = await Promise.all(streams);
    for (const stream of results) {
      expect(['finish', 'error']).toContain(stream.last?.type);
      if (stream.last?.type === 'error') expect(stream.last.code).toBe('server_shutdown');
      bodies.push(stream.raw);
    }
    expect(await api.exited).toBe(0);
    const output = JSON.stringify(api.lines) + api.stderr();
    expect(output).not.toContain(CANARY);
    for (const body of bodies) expect(body).not.toContain(CANARY);
    expect(api.lines.some((line) => line.msg === 'request')).toBe(true);
  }, 60_000);
});
