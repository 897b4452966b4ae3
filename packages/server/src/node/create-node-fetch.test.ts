import {
  createServer,
  Agent as HttpAgent,
  request as httpRequest,
  type Server,
  type ServerResponse,
} from 'node:http';
import { type AddressInfo, createServer as createNetServer, type Socket } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { readContentType } from '../upstream/read-content-type.js';
import { createNodeFetch, type NodeFetchOptions } from './create-node-fetch.js';

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
        if (request.url === '/types') {
          // Raw, as sent: two Content-Type lines in two cases (Headers joins them, and so must a
          // read of the raw headers), two cookies, a repeated header.
          response.writeHead(
            200,
            [
              ['Content-Type', 'text/event-stream'],
              ['content-type', 'charset=utf-8'],
              ['set-cookie', 'a=1'],
              ['set-cookie', 'b=2'],
              ['x-many', 'one'],
              ['x-many', 'two'],
            ].flat(),
          );
          response.end('data: x\n\n');
          return;
        }
        // Repeated headers, as fetch keeps them: set-cookie apart, the others joined.
        response.setHeader('set-cookie', ['a=1', 'b=2']);
        response.setHeader('x-many', ['one', 'two']);
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

  it('sends method, headers and body, and openBody reads a 2xx body without a web stream', async () => {
    const response = await upstream.fetch(`${base}/echo`, {
      method: 'POST',
      headers: new Headers({ authorization: 'Bearer k' }),
      body: 'hello',
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-seen')).toBe('yes');
    expect(response.headers.getSetCookie()).toEqual(['a=1', 'b=2']);
    expect(response.headers.get('x-many')).toBe('one, two');
    const webBody = vi.spyOn(response, 'body', 'get');
    let text = '';
    const result = await upstream.openBody(response).read((bytes) => {
      text += Buffer.from(bytes).toString();
    });
    expect(result).toEqual({ failure: undefined, isBodyDone: true });
    expect(webBody).not.toHaveBeenCalled();
    expect(JSON.parse(text)).toEqual({ method: 'POST', body: 'hello', auth: 'Bearer k' });
  });

  it("builds a 2xx response's headers when they are first read, and tells its content type without them", async () => {
    const append = vi.spyOn(Headers.prototype, 'append');
    try {
      const response = await upstream.fetch(`${base}/types`, { method: 'POST', body: '' });
      expect(readContentType(response)).toBe('text/event-stream, charset=utf-8');
      expect(append).not.toHaveBeenCalled();
      expect(response.headers.get('content-type')).toBe('text/event-stream, charset=utf-8');
      expect(response.headers.getSetCookie()).toEqual(['a=1', 'b=2']);
      expect(response.headers.get('x-many')).toBe('one, two');
      const appended = append.mock.calls.length;
      expect(appended).toBeGreaterThan(4);
      // Once: later reads find them built.
      expect(readContentType(response)).toBe('text/event-stream, charset=utf-8');
      expect(response.headers.get('x-many')).toBe('one, two');
      expect(append).toHaveBeenCalledTimes(appended);
      await upstream.openBody(response).read(() => {});
    } finally {
      append.mockRestore();
    }
  });

  it('keeps response.body readable as a web stream for other readers', async () => {
    const response = await upstream.fetch(`${base}/echo`, { method: 'POST', body: 'web' });
    expect(await response.json()).toMatchObject({ body: 'web' });
  });

  it('builds the web body only for a reader that asks for it, and reads it whole', async () => {
    const response = await upstream.fetch(`${base}/echo`, { method: 'POST', body: 'lazy' });
    expect(response.bodyUsed).toBe(false);
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    let text = '';
    const decoder = new TextDecoder();
    for (let result = await reader.read(); !result.done; result = await reader.read()) {
      text += decoder.decode(result.value, { stream: true });
    }
    expect(JSON.parse(text)).toMatchObject({ body: 'lazy' });
    expect(response.bodyUsed).toBe(true);

    const cloned = await upstream.fetch(`${base}/echo`, { method: 'POST', body: 'twice' });
    const copy = cloned.clone();
    expect(await copy.json()).toMatchObject({ body: 'twice' });
    expect(await cloned.text()).toContain('"body":"twice"');
  });

  it('buffers error bodies so the SDK can read them', async () => {
    const response = await upstream.fetch(`${base}/error`);
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('2');
    expect(response.headers.getSetCookie()).toEqual(['a=1', 'b=2']);
    expect(response.headers.get('x-many')).toBe('one, two');
    expect(await response.json()).toEqual({ error: { message: 'slow down' } });
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
    const response = await upstream.fetch(`${base}/hang`, { signal: controller.signal });
    const read = upstream.openBody(response).read(() => {});
    while (open.size === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    controller.abort();
    const result = await read;
    expect(result.isBodyDone).toBe(false);
    expect(result.failure).toBeDefined();
    while (open.size > 0) await new Promise((resolve) => setTimeout(resolve, 5));
  });

  it('holds nothing of the request (its body, its headers) while the answer streams', async () => {
    // A fresh context exposes V8's gc() once the flag is set: a collection on demand.
    setFlagsFromString('--expose-gc');
    const collectGarbage = runInNewContext('gc') as () => void;
    const controller = new AbortController();
    let init: RequestInit | undefined = {
      method: 'POST',
      headers: new Headers({ authorization: 'Bearer k' }),
      body: 'the whole conversation',
      signal: controller.signal,
    };
    const headersRef = new WeakRef(init.headers as Headers);
    const response = await upstream.fetch(`${base}/hang`, init);
    init = undefined;
    await new Promise((resolve) => setImmediate(resolve));
    collectGarbage();
    // Kept answers stream for minutes; a long conversation must not live as long as each.
    expect(headersRef.deref()).toBeUndefined();
    // The abort still reaches the body.
    const reading = upstream.openBody(response).read(() => {});
    controller.abort();
    expect((await reading).isBodyDone).toBe(false);
  });

  it('leaves no request headers in the options the agent keeps for a pooled connection', async () => {
    // Node's agent keeps a new socket's first request options for the socket's life and hands
    // them to its 'free' event: what it keeps there, it keeps for every idle or reused connection.
    const freed: Array<{ headers?: unknown }> = [];
    const { emit } = HttpAgent.prototype;
    const spy = vi.spyOn(HttpAgent.prototype, 'emit').mockImplementation(function (
      this: HttpAgent,
      event,
      ...args
    ) {
      if (event === 'free') freed.push(args[1] as { headers?: unknown });
      return emit.call(this, event, ...args);
    });
    const fresh = createNodeFetch();
    try {
      const response = await fresh.fetch(`${base}/echo`, {
        method: 'POST',
        headers: new Headers({ authorization: 'Bearer k', 'x-conversation': 'long' }),
        body: 'hello',
      });
      expect(((await response.json()) as { auth: string }).auth).toBe('Bearer k');
      await vi.waitFor(() => expect(freed.length).toBeGreaterThan(0));
      for (const options of freed) expect(options.headers).toEqual([]);
    } finally {
      spy.mockRestore();
      fresh.destroy();
    }
  });

  it('rejects a refused connection with TypeError("fetch failed"), as undici does', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    await expect(upstream.fetch(`http://127.0.0.1:${port}/`)).rejects.toThrow(TypeError);
  });
});

async function listen(server: Server | ReturnType<typeof createNetServer>): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function close(server: Server | ReturnType<typeof createNetServer>): Promise<void> {
  if ('closeAllConnections' in server) server.closeAllConnections();
  return new Promise<void>((resolve) => server.close(() => resolve()));
}

describe('createNodeFetch connection pool', () => {
  it('keeps every connection of a burst of 300 for reuse (Node keeps 256 by default)', async () => {
    let connections = 0;
    let waiting: Array<() => void> = [];
    const burst = 300;
    const server = createServer((request, response) => {
      request.resume();
      // Answer only once all of the burst is in, so it really needs 300 connections at once.
      waiting.push(() => response.end('ok'));
      if (waiting.length === burst) {
        for (const answer of waiting) answer();
        waiting = [];
      }
    });
    server.on('connection', () => connections++);
    const base = await listen(server);
    const upstream = createNodeFetch();
    const runBurst = () =>
      Promise.all(
        Array.from({ length: burst }, async () => {
          const response = await upstream.fetch(`${base}/`);
          return response.text();
        }),
      );
    try {
      await runBurst();
      // The sockets return to the pool once their responses have ended, a tick later.
      await new Promise((resolve) => setTimeout(resolve, 50));
      // The burst's own, and the spares opened ahead as the pool ran dry (16 at most).
      expect(connections).toBeGreaterThanOrEqual(burst);
      expect(connections).toBeLessThanOrEqual(burst + 16);
      const afterFirst = connections;
      await runBurst();
      expect(connections).toBe(afterFirst);
    } finally {
      upstream.destroy();
      await close(server);
    }
  });

  /**
   * Serves one request from a server whose `keepAliveTimeout` is `serverKeepAliveMs` (Node sends
   * it as the `Keep-Alive: timeout` hint; 0 sends none), and returns how long, in ms, the client
   * took to close its idle connection. Fails if the server closed it first.
   */
  const clientIdleLifeMs = async (
    serverKeepAliveMs: number,
    options?: NodeFetchOptions,
  ): Promise<number> => {
    const server = createServer((_request, response) => response.end('ok'));
    server.keepAliveTimeout = serverKeepAliveMs;
    const upstream = createNodeFetch(options);
    const isClosedByClient = new Promise<boolean>((resolve) => {
      server.once('connection', (socket: Socket) => {
        // 'end' is the client's FIN; a server that times the socket out destroys it without one.
        socket.once('end', () => resolve(true));
        socket.once('close', () => resolve(false));
      });
    });
    const base = await listen(server);
    const startedAt = performance.now();
    try {
      const response = await upstream.fetch(`${base}/`);
      expect(await response.text()).toBe('ok');
      expect(await isClosedByClient).toBe(true);
      return performance.now() - startedAt;
    } finally {
      upstream.destroy();
      await close(server);
    }
  };

  it('closes a pooled connection after idleTimeoutMs when the server gives no Keep-Alive hint', async () => {
    expect(await clientIdleLifeMs(0, { idleTimeoutMs: 200 })).toBeLessThan(5_000);
  });

  it("closes a pooled connection before the server's Keep-Alive timeout (its hint less 1 s)", async () => {
    // `Keep-Alive: timeout=2`: the server drops the socket after 2 s, the client must by 1 s.
    expect(await clientIdleLifeMs(2_000)).toBeLessThan(2_000);
  });

  it("keeps a pooled connection for the server's longer Keep-Alive hint, not idleTimeoutMs", async () => {
    // `Keep-Alive: timeout=2`: 1 s of idle life for the client, far past its own 100 ms.
    expect(await clientIdleLifeMs(2_500, { idleTimeoutMs: 100 })).toBeGreaterThan(700);
  });

  it('caps a Keep-Alive hint at maxIdleTimeoutMs, and keeps nothing for a hint of 1 s', async () => {
    expect(await clientIdleLifeMs(60_000, { maxIdleTimeoutMs: 100 })).toBeLessThan(2_000);
    // `Keep-Alive: timeout=1` leaves no safe idle time: the socket is closed, not pooled.
    expect(await clientIdleLifeMs(1_000)).toBeLessThan(500);
  });

  it('sends a request again, once, when its reused connection is reset before any response byte', async () => {
    let connections = 0;
    let requests = 0;
    // A server that closes an idle connection just as the client reuses it: it answers the
    // first request of each connection and resets the connection on the next one.
    const server = createNetServer((socket) => {
      connections++;
      let requestsOnSocket = 0;
      let text = '';
      socket.setEncoding('utf8');
      socket.on('data', (chunk: string) => {
        text += chunk;
        while (text.includes('\r\n\r\n')) {
          text = text.slice(text.indexOf('\r\n\r\n') + 4);
          requests++;
          if (++requestsOnSocket > 1) {
            socket.resetAndDestroy();
            return;
          }
          socket.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: keep-alive\r\n\r\nok');
        }
      });
      socket.on('error', () => {});
    });
    const base = await listen(server);
    // No spares: the retry's new connection is then the only other one.
    const upstream = createNodeFetch({ maxSpareConnections: 0 });
    try {
      expect(await (await upstream.fetch(`${base}/`)).text()).toBe('ok');
      await new Promise((resolve) => setTimeout(resolve, 50));
      const response = await upstream.fetch(`${base}/`);
      expect(await response.text()).toBe('ok');
      expect({ connections, requests }).toEqual({ connections: 2, requests: 3 });
    } finally {
      upstream.destroy();
      await close(server);
    }
  });

  it('sends a request again, once, when the spare it was given is reset before any response byte', async () => {
    let accepted = 0;
    let requests = 0;
    const open = new Set<Socket>();
    // The first connection streams its answer and stays busy; the second, a spare opened ahead
    // beside it, is reset on its first request (a server closing it idle); any other answers.
    const server = createNetServer((socket) => {
      const index = ++accepted;
      open.add(socket);
      socket.once('data', () => {
        requests++;
        if (index === 2) {
          socket.resetAndDestroy();
          return;
        }
        socket.write('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n');
        if (index !== 1) socket.end('0\r\n\r\n');
      });
      socket.on('error', () => {});
    });
    const base = await listen(server);
    const upstream = createNodeFetch();
    try {
      const streaming = await upstream.fetch(`${base}/`);
      // The spare's handshake is done (a generous bound): it is handed over as a ready one.
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(accepted).toBe(2);
      const response = await upstream.fetch(`${base}/`);
      expect(await response.text()).toBe('ok');
      expect(requests).toBe(3);
      await streaming.body?.cancel();
    } finally {
      upstream.destroy();
      for (const socket of open) socket.destroy();
      await close(server);
    }
  });

  it('does not send again when a new connection is reset: that is the server failing', async () => {
    let requests = 0;
    const server = createNetServer((socket) => {
      socket.once('data', () => {
        requests++;
        socket.resetAndDestroy();
      });
      socket.on('error', () => {});
    });
    const base = await listen(server);
    const upstream = createNodeFetch();
    try {
      await expect(upstream.fetch(`${base}/`)).rejects.toThrow(TypeError);
      expect(requests).toBe(1);
    } finally {
      upstream.destroy();
      await close(server);
    }
  });
});

describe('createNodeFetch request head', () => {
  /** A server that records each request's head and answers 204 on the same connection. */
  async function startHeadRecorder(): Promise<{
    port: number;
    heads: string[];
    close(): Promise<void>;
  }> {
    const heads: string[] = [];
    const sockets = new Set<Socket>();
    const recorder = createNetServer((socket) => {
      sockets.add(socket);
      let received = '';
      socket.setEncoding('latin1');
      socket.on('data', (chunk: string) => {
        received += chunk;
        for (let end = received.indexOf('\r\n\r\n'); end >= 0; end = received.indexOf('\r\n\r\n')) {
          const head = received.slice(0, end);
          const length = Number(/^content-length: (\d+)$/im.exec(head)?.[1] ?? 0);
          if (received.length < end + 4 + length) return;
          heads.push(head);
          received = received.slice(end + 4 + length);
          socket.write('HTTP/1.1 204 No Content\r\nKeep-Alive: timeout=5\r\n\r\n');
        }
      });
    });
    await new Promise<void>((resolve) => recorder.listen(0, '127.0.0.1', resolve));
    return {
      port: (recorder.address() as AddressInfo).port,
      heads,
      close: async () => {
        for (const socket of sockets) socket.destroy();
        await new Promise<void>((resolve) => recorder.close(() => resolve()));
      },
    };
  }

  it("writes the head node:http writes for the same headers: Host, the URL's credentials, the length", async () => {
    const recorder = await startHeadRecorder();
    const upstream = createNodeFetch();
    const agent = new HttpAgent({ keepAlive: true });
    try {
      const cases: { path: string; auth: string | undefined; headers: Record<string, string> }[] = [
        {
          path: '/v1/chat/completions?x=1',
          auth: undefined,
          headers: { authorization: 'Bearer k', 'x-stainless-retry-count': '0' },
        },
        { path: '/v1/models', auth: 'us%40er:p%3Ass', headers: { accept: 'application/json' } },
        { path: '/v1/models', auth: 'user:pass', headers: { authorization: 'Bearer wins' } },
      ];
      for (const { path, auth, headers } of cases) {
        const credentials = auth === undefined ? '' : `${auth}@`;
        const url = `http://${credentials}127.0.0.1:${recorder.port}${path}`;
        const response = await upstream.fetch(url, {
          method: 'POST',
          headers: new Headers(headers),
          body: 'héllo',
        });
        expect(response.status).toBe(204);
        // node:http itself, given the same request as an object.
        await new Promise<void>((resolve, reject) => {
          const { username, password } = new URL(url);
          const request = httpRequest(
            {
              host: '127.0.0.1',
              port: recorder.port,
              path,
              method: 'POST',
              agent,
              auth:
                auth === undefined
                  ? undefined
                  : `${decodeURIComponent(username)}:${decodeURIComponent(password)}`,
              headers: { ...headers, 'content-length': String(Buffer.byteLength('héllo')) },
            },
            (answer) => {
              answer.resume();
              answer.on('end', resolve);
            },
          );
          request.on('error', reject);
          request.end('héllo');
        });
      }
      expect(recorder.heads).toHaveLength(cases.length * 2);
      for (let index = 0; index < recorder.heads.length; index += 2) {
        expect(recorder.heads[index]).toBe(recorder.heads[index + 1]);
      }
      expect(recorder.heads[0]).toMatch(
        new RegExp(`^host: 127\\.0\\.0\\.1:${recorder.port}$`, 'im'),
      );
      expect(recorder.heads[2]).toMatch(/^authorization: Basic dXNAZXI6cDpzcw==$/im);
      expect(recorder.heads[4]).toMatch(/^authorization: Bearer wins$/im);
      expect(recorder.heads[4]).not.toMatch(/Basic/);
    } finally {
      upstream.destroy();
      agent.destroy();
      await recorder.close();
    }
  });
});
