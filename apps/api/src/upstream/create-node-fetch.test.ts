import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeFetch, NODE_BODY, type NodeFetchResponse } from './create-node-fetch.js';

describe('createNodeFetch', () => {
  let server: Server;
  let base: string;
  const open = new Set<ServerResponse>();
  const upstream = createNodeFetch();

  beforeAll(async () => {
    server = createServer((request, response) => {
      let body = '';
      request.setEncoding('utf8');
      request.on('data', (chunk: string) => {
        body += chunk;
      });
      request.on('end', () => {
        if (request.url === '/echo') {
          response.writeHead(200, { 'content-type': 'application/json', 'x-seen': 'yes' });
          response.end(
            JSON.stringify({ method: request.method, body, auth: request.headers.authorization }),
          );
        } else if (request.url === '/error') {
          response.writeHead(429, { 'content-type': 'application/json', 'retry-after': '2' });
          response.end('{"error":{"message":"slow down"}}');
        } else if (request.url === '/gzip') {
          response.writeHead(200, { 'content-encoding': 'gzip' });
          response.end(gzipSync('data: zipped\n\n'));
        } else if (request.url === '/hang') {
          response.writeHead(200, { 'content-type': 'text/event-stream' });
          response.write('data: first\n\n');
          open.add(response);
          response.on('close', () => open.delete(response));
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    upstream.destroy();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('sends method, headers and body, and hands a 2xx body over as a Node stream', async () => {
    const response = (await upstream.fetch(`${base}/echo`, {
      method: 'POST',
      headers: new Headers({ authorization: 'Bearer k' }),
      body: 'hello',
    })) as NodeFetchResponse;
    expect(response.status).toBe(200);
    expect(response.headers.get('x-seen')).toBe('yes');
    const stream = response[NODE_BODY];
    expect(stream).toBeDefined();
    let text = '';
    for await (const chunk of stream ?? []) text += String(chunk);
    expect(JSON.parse(text)).toEqual({ method: 'POST', body: 'hello', auth: 'Bearer k' });
  });

  it('keeps response.body readable as a web stream for other readers', async () => {
    const response = await upstream.fetch(`${base}/echo`, { method: 'POST', body: 'web' });
    expect(await response.json()).toMatchObject({ body: 'web' });
  });

  it('buffers error bodies so the SDK can read them', async () => {
    const response = await upstream.fetch(`${base}/error`);
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('2');
    expect(await response.json()).toEqual({ error: { message: 'slow down' } });
    expect((response as NodeFetchResponse)[NODE_BODY]).toBeUndefined();
  });

  it('decompresses a body the server compressed anyway', async () => {
    const response = await upstream.fetch(`${base}/gzip`);
    expect(await response.text()).toBe('data: zipped\n\n');
  });

  it('rejects with AbortError when aborted before the response', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(
      upstream.fetch(`${base}/echo`, { signal: controller.signal }),
    ).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('destroys the body, and the connection, when aborted mid-body', async () => {
    const controller = new AbortController();
    const response = (await upstream.fetch(`${base}/hang`, {
      signal: controller.signal,
    })) as NodeFetchResponse;
    const stream = response[NODE_BODY];
    const closed = new Promise<void>((resolve) => stream?.once('close', () => resolve()));
    stream?.on('error', () => {});
    stream?.resume();
    while (open.size === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    controller.abort();
    await closed;
    while (open.size > 0) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(stream?.destroyed).toBe(true);
  });

  it('rejects a refused connection with TypeError("fetch failed"), as undici does', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    await expect(upstream.fetch(`http://127.0.0.1:${port}/`)).rejects.toThrow(TypeError);
  });
});
