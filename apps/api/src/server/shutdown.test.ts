import { connect, createServer as createNetServer, type Socket } from 'node:net';
import { type MockOpenAI, startMockOpenAI } from '@tokenwire/mock-openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/load-config.js';
import { readStream } from '../test-support/read-stream.js';
import { spawnApi } from '../test-support/spawn-api.js';
import { startTestStack } from '../test-support/start-test-stack.js';
import { launchServer } from './launch-server.js';

const ask = (url: string, content: string) =>
  fetch(`${url}/api/chat`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ messages: [{ role: 'user', content }] }),
  });

describe('graceful shutdown on SIGTERM', () => {
  let mock: MockOpenAI;

  beforeAll(async () => {
    mock = await startMockOpenAI({ tokensPerSecond: 20 });
  });
  afterAll(() => mock.close());

  it('stops accepting, lets short streams finish, ends long ones with server_shutdown, exits 0', async () => {
    const api = await spawnApi({
      OPENAI_BASE_URL: mock.url,
      OPENAI_API_KEY: 'test',
      SHUTDOWN_GRACE_MS: '600',
      RATE_LIMIT_PER_MINUTE: '0',
    });
    let firstDeltas = 0;
    let onBothStarted: () => void = () => {};
    const bothStarted = new Promise<void>((resolve) => {
      onBothStarted = resolve;
    });
    const countFirstDelta = () => {
      firstDeltas++;
      if (firstDeltas === 2) onBothStarted();
    };
    const read = async (content: string) => {
      let hasCounted = false;
      return readStream(await ask(api.url, content), {
        onEvent: (event) => {
          if (event.type === 'text-delta' && !hasCounted) {
            hasCounted = true;
            countFirstDelta();
          }
          return false;
        },
      });
    };
    const short = read('Short [mock tokens=8]');
    const long = read('Long [mock tokens=1000]');
    await bothStarted;

    const signalledAt = performance.now();
    api.child.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 150));
    await expect(fetch(`${api.url}/api/health`)).rejects.toThrow();

    const shortStream = await short;
    expect(shortStream.last).toMatchObject({ type: 'finish', reason: 'stop' });
    expect(shortStream.events.filter((entry) => entry.event.type === 'text-delta')).toHaveLength(8);

    const longStream = await long;
    const endedAt = longStream.events.at(-1)?.at ?? 0;
    expect(longStream.last).toEqual({
      type: 'error',
      code: 'server_shutdown',
      message: expect.any(String),
      retryable: true,
    });
    expect(longStream.text.length).toBeGreaterThan(0);
    expect(endedAt - signalledAt).toBeGreaterThanOrEqual(550);

    expect(await api.exited).toBe(0);
    expect(api.lines.some((line) => line.msg === 'closed')).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(mock.openStreams).toBe(0);
  }, 30_000);
});

describe('close()', () => {
  it('resolves at once when nothing is open', async () => {
    const stack = await startTestStack({ env: { SHUTDOWN_GRACE_MS: '10000' } });
    const response = await fetch(`${stack.api.url}/api/health`);
    expect(response.status).toBe(200);
    const started = performance.now();
    await stack.close();
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it('closes the port with every acceptor: no connection is taken after close', async () => {
    const api = await launchServer(loadConfig({ ACCEPTORS: '4', RATE_LIMIT_PER_MINUTE: '0' }), {
      port: 0,
      logger: false,
    });
    // Opened in one tick, the connections queue together and the duplicates take some of them.
    const answers = await Promise.all(
      Array.from({ length: 12 }, () => fetch(`${api.url}/api/health`, { keepalive: false })),
    );
    expect(answers.map((answer) => answer.status)).toEqual(Array(12).fill(200));
    await api.close();
    const reach = await new Promise<string>((resolve) => {
      const socket = connect(api.port, '127.0.0.1');
      socket.on('connect', () => {
        socket.destroy();
        resolve('connected');
      });
      socket.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
    });
    expect(reach).toBe('ECONNREFUSED');
  });

  it('answers a request still waiting for the upstream with 503 server_shutdown after the grace period', async () => {
    const sockets = new Set<Socket>();
    const silent = createNetServer((socket) => {
      sockets.add(socket);
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as { port: number }).port;
    const api = await launchServer(
      loadConfig({
        OPENAI_BASE_URL: `http://127.0.0.1:${port}/v1`,
        SHUTDOWN_GRACE_MS: '200',
        UPSTREAM_MAX_RETRIES: '0',
        RATE_LIMIT_PER_MINUTE: '0',
      }),
      { port: 0, logger: false },
    );
    try {
      const pending = ask(api.url, 'hi');
      while (sockets.size === 0) await new Promise((resolve) => setTimeout(resolve, 10));
      const closed = api.close();
      const response = await pending;
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('1');
      expect(await response.json()).toEqual({
        error: { code: 'server_shutdown', message: expect.any(String) },
      });
      await closed;
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });
});
