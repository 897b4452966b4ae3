import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chunkFrame } from '@tokenwire/testing';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config/load-config.js';
import { launchServer } from './launch-server.js';

/** Runs one chat through the API against an upstream that counts its connections. */
async function upstreamConnectionsForOneChat(env: Record<string, string>): Promise<number> {
  let connections = 0;
  const upstream = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.end(`${chunkFrame({ content: 'Hi' }, { finish_reason: 'stop' })}data: [DONE]\n\n`);
    });
  });
  upstream.on('connection', () => connections++);
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  const { port } = upstream.address() as AddressInfo;
  const api = await launchServer(
    loadConfig({
      OPENAI_BASE_URL: `http://127.0.0.1:${port}/v1`,
      OPENAI_API_KEY: 'sk-test',
      ...env,
    }),
    { port: 0, logger: false },
  );
  try {
    const response = await fetch(`http://127.0.0.1:${api.port}/api/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ messages: [{ role: 'user', content: 'hello' }] }),
    });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('Hi');
    // A spare is opened beside the chat's own connection; give its handshake a generous while.
    await new Promise((resolve) => setTimeout(resolve, 100));
    return connections;
  } finally {
    await api.close();
    upstream.closeAllConnections();
    await new Promise<void>((resolve) => upstream.close(() => resolve()));
  }
}

describe('UPSTREAM_SPARE_CONNECTIONS', () => {
  it('opens a spare beside the first chat’s connection by default', async () => {
    expect(await upstreamConnectionsForOneChat({})).toBe(2);
  });

  it('opens none at 0', async () => {
    expect(await upstreamConnectionsForOneChat({ UPSTREAM_SPARE_CONNECTIONS: '0' })).toBe(1);
  });
});
