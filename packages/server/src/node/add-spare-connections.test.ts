import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import {
  type AddressInfo,
  createServer as createNetServer,
  type Server,
  type Socket,
} from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import { makeSelfSignedCertificate } from '@tokenwire/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { addSpareConnections } from './add-spare-connections.js';

/** An HTTP/1.1 upstream that records when each connection came and which one each request used. */
interface Upstream {
  port: number;
  /** Connections in the order they were accepted, with when. */
  accepted: Array<{ socket: Socket; at: number }>;
  /** Per request, the connection it came on. */
  servedOn: Socket[];
  closed: number;
  close(): Promise<void>;
}

/** Answers each request with a 200 and one body byte, and keeps the response open (a stream). */
function answer(socket: Socket, onRequest: () => void) {
  let head = '';
  socket.on('data', (chunk: Buffer) => {
    head += chunk.toString('latin1');
    while (head.includes('\r\n\r\n')) {
      head = head.slice(head.indexOf('\r\n\r\n') + 4);
      onRequest();
      socket.write(
        'HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ntransfer-encoding: chunked\r\n\r\n1\r\nx\r\n',
      );
    }
  });
  socket.on('error', () => {});
}

async function startUpstream(
  listen: (onSocket: (socket: Socket) => void) => Server = (onSocket) => createNetServer(onSocket),
): Promise<Upstream> {
  const upstream: Upstream = {
    port: 0,
    accepted: [],
    servedOn: [],
    closed: 0,
    close: async () => {},
  };
  const sockets = new Set<Socket>();
  const server = listen((socket) => {
    sockets.add(socket);
    upstream.accepted.push({ socket, at: performance.now() });
    socket.on('close', () => {
      sockets.delete(socket);
      upstream.closed++;
    });
    answer(socket, () => upstream.servedOn.push(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  upstream.port = (server.address() as AddressInfo).port;
  upstream.close = async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return upstream;
}

/** Sends a request and resolves with its response once the first body byte is in; `sentAt` is when it was sent. */
function send(
  agent: HttpAgent,
  port: number,
  request: typeof httpRequest = httpRequest,
): { sentAt: number; response: Promise<IncomingMessage> } {
  const sentAt = performance.now();
  const response = new Promise<IncomingMessage>((resolve, reject) => {
    const outgoing = request(
      { host: '127.0.0.1', port, method: 'POST', path: '/', agent },
      (incoming) => incoming.once('data', () => resolve(incoming)),
    );
    outgoing.on('error', reject);
    outgoing.end('{}');
  });
  return { sentAt, response };
}

async function waitFor(condition: () => boolean, timeoutMs = 2_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error('timed out waiting for a condition');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Sockets keeping the process alive (a spare is unref'd). */
function sockets(): number {
  return process.getActiveResourcesInfo().filter((type) => type === 'TCPSocketWrap').length;
}

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function agentWithSpares(maxSpares: number, idleTimeoutMs = 4_000) {
  const agent = new HttpAgent({ keepAlive: true });
  const spares = addSpareConnections(agent, { maxSpares, idleTimeoutMs });
  cleanups.push(() => {
    spares.destroy();
    agent.destroy();
  });
  return { agent, spares };
}

describe('addSpareConnections', () => {
  it('sends the next request that needs a connection on a spare opened before it', async () => {
    const upstream = await startUpstream();
    cleanups.push(() => upstream.close());
    const { agent, spares } = agentWithSpares(4);
    const quiet = sockets();

    const first = send(agent, upstream.port);
    const held = await first.response;
    cleanups.push(() => held.destroy());
    // The pool had none idle: the agent opened one, and one spare is opening beside it.
    await waitFor(() => upstream.accepted.length === 2);
    expect(spares.count).toBe(1);
    const spare = upstream.accepted.find(({ socket }) => socket !== upstream.servedOn[0]);
    // Its handshake done on this side too (a generous bound).
    await new Promise((resolve) => setTimeout(resolve, 50));
    // The request's socket and both server sides keep the process alive; the spare does not.
    expect(sockets() - quiet).toBe(3);

    // The first response is still open, so the second request needs a connection too.
    const keepingAlive = sockets();
    const second = send(agent, upstream.port);
    const response = await second.response;
    cleanups.push(() => response.destroy());
    expect(upstream.servedOn[1]).toBe(spare?.socket);
    expect(spare?.at).toBeLessThan(second.sentAt);
    // Taken ready, it is replaced by one, not more.
    await waitFor(() => upstream.accepted.length === 3);
    expect(spares.count).toBe(1);
    // A spare does not keep the process alive; in use it does: the one taken and the
    // replacement's server side count, the replacement itself does not.
    expect(sockets() - keepingAlive).toBe(2);
  });

  it('hands a spare over as the agent makes its own: no listener or timer of ours left on it', async () => {
    const upstream = await startUpstream();
    cleanups.push(() => upstream.close());
    const { agent, spares } = agentWithSpares(4);

    const first = await send(agent, upstream.port).response;
    cleanups.push(() => first.destroy());
    await waitFor(() => spares.count === 1);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const second = await send(agent, upstream.port).response;
    cleanups.push(() => second.destroy());
    expect(spares.wasSpare(second.socket)).toBe(true);
    expect(spares.wasSpare(first.socket)).toBe(false);

    // Every open stream has one: what a spare kept (a listener, a cleared idle timer) was memory
    // for the connection's whole life.
    const shape = (socket: Socket) => ({
      listeners: ['connect', 'error', 'end', 'close', 'data', 'timeout'].map((event) =>
        socket.listenerCount(event),
      ),
      timers: Object.getOwnPropertySymbols(socket).filter(
        (key) => String(key) === 'Symbol(timeout)' && (socket as never)[key] != null,
      ).length,
    });
    expect(shape(second.socket)).toEqual(shape(first.socket));
    expect(shape(second.socket).timers).toBe(0);
  });

  it('keeps fewer spares after they go unused: a burst, a lull, then one request', async () => {
    const upstream = await startUpstream();
    cleanups.push(() => upstream.close());
    const { agent, spares } = agentWithSpares(4, 200);
    // Ten in one tick: four spares (the previous test shows it).
    const burst = await Promise.all(
      Array.from({ length: 10 }, () => send(agent, upstream.port).response),
    );
    cleanups.push(() => {
      for (const response of burst) response.destroy();
    });
    // Each spare lost idle lowers the number kept; then one request finds none.
    await waitFor(() => spares.count === 0);
    const response = await send(agent, upstream.port).response;
    cleanups.push(() => response.destroy());
    expect(spares.count).toBe(1);
  });

  it('keeps more spares while they are taken before their handshake, up to maxSpares', async () => {
    const upstream = await startUpstream();
    cleanups.push(() => upstream.close());
    const { agent, spares } = agentWithSpares(4);

    // Ten in one tick: every spare is taken while still connecting.
    const burst = Array.from({ length: 10 }, () => send(agent, upstream.port).response);
    const responses = await Promise.all(burst);
    cleanups.push(() => {
      for (const response of responses) response.destroy();
    });
    expect(spares.count).toBe(4);
    await waitFor(() => upstream.accepted.length === 14);
    expect(upstream.servedOn).toHaveLength(10);
  });

  it('closes a spare nobody took within idleTimeoutMs, and opens no other in its place', async () => {
    const upstream = await startUpstream();
    cleanups.push(() => upstream.close());
    const { agent, spares } = agentWithSpares(4, 100);

    const response = await send(agent, upstream.port).response;
    cleanups.push(() => response.destroy());
    await waitFor(() => upstream.accepted.length === 2);
    await waitFor(() => upstream.closed === 1);
    expect(spares.count).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(upstream.accepted).toHaveLength(2);
  });

  it('drops a spare the server closes or writes to before any request', async () => {
    // A server that closes each connection at once, and one that greets it (a 408 on a timeout).
    for (const onConnect of [
      (socket: Socket) => socket.end(),
      (socket: Socket) => socket.write('HTTP/1.1 408 Request Timeout\r\n\r\n'),
    ]) {
      const accepted: Socket[] = [];
      const server = createNetServer((socket) => {
        accepted.push(socket);
        socket.on('error', () => {});
        onConnect(socket);
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const { port } = server.address() as AddressInfo;
      const { agent, spares } = agentWithSpares(4);
      // Its own connection fails or never answers: only the spare is watched here.
      send(agent, port).response.catch(() => undefined);
      expect(spares.count).toBe(1);
      await waitFor(() => spares.count === 0);
      for (const socket of accepted) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('opens at most one spare per request while the upstream refuses connections', async () => {
    // A port that was just free: nothing listens there.
    const probe = createNetServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise<void>((resolve) => probe.close(() => resolve()));

    const agent = new HttpAgent({ keepAlive: true });
    let attempts = 0;
    const create = agent.createConnection.bind(agent);
    agent.createConnection = (options, callback) => {
      attempts++;
      return create(options, callback);
    };
    const spares = addSpareConnections(agent, { maxSpares: 16, idleTimeoutMs: 4_000 });
    cleanups.push(() => {
      spares.destroy();
      agent.destroy();
    });
    const requests = 20;
    for (let index = 0; index < requests; index++) {
      await expect(send(agent, port).response).rejects.toThrow(/ECONNREFUSED/);
    }
    await waitFor(() => spares.count === 0);
    expect(attempts).toBeGreaterThanOrEqual(requests);
    expect(attempts).toBeLessThanOrEqual(2 * requests);
  });

  it('destroy closes the spares, and the agent then connects as before', async () => {
    const upstream = await startUpstream();
    cleanups.push(() => upstream.close());
    const { agent, spares } = agentWithSpares(4);
    const first = await send(agent, upstream.port).response;
    cleanups.push(() => first.destroy());
    await waitFor(() => upstream.accepted.length === 2);

    spares.destroy();
    await waitFor(() => upstream.closed === 1);
    expect(spares.count).toBe(0);
    const second = send(agent, upstream.port);
    const response = await second.response;
    cleanups.push(() => response.destroy());
    expect(upstream.accepted).toHaveLength(3);
    expect(upstream.accepted[2]?.at).toBeGreaterThan(second.sentAt);
  });

  it('makes spares with the agent itself: TLS with its options, handed over after the handshake', async () => {
    const { key, cert } = makeSelfSignedCertificate();
    const upstream = await startUpstream((onSocket) => createTlsServer({ key, cert }, onSocket));
    cleanups.push(() => upstream.close());
    const agent = new HttpsAgent({ keepAlive: true, ca: cert });
    const spares = addSpareConnections(agent, { maxSpares: 4, idleTimeoutMs: 4_000 });
    cleanups.push(() => {
      spares.destroy();
      agent.destroy();
    });

    const first = await send(agent, upstream.port, httpsRequest).response;
    cleanups.push(() => first.destroy());
    await waitFor(() => upstream.accepted.length === 2);
    const spare = upstream.accepted.find(({ socket }) => socket !== upstream.servedOn[0]);
    const second = send(agent, upstream.port, httpsRequest);
    const response = await second.response;
    cleanups.push(() => response.destroy());
    expect(upstream.servedOn[1]).toBe(spare?.socket);
    expect(response.statusCode).toBe(200);
  });

  it('refuses a negative or fractional maxSpares and a non-positive idle timeout; 0 spares changes nothing', () => {
    const agent = new HttpAgent();
    const create = (agent as unknown as { createConnection: unknown }).createConnection;
    expect(() => addSpareConnections(agent, { maxSpares: -1, idleTimeoutMs: 1 })).toThrow(
      /maxSpares/,
    );
    expect(() => addSpareConnections(agent, { maxSpares: 1.5, idleTimeoutMs: 1 })).toThrow(
      /maxSpares/,
    );
    expect(() => addSpareConnections(agent, { maxSpares: 1, idleTimeoutMs: 0 })).toThrow(
      /idleTimeoutMs/,
    );
    const none = addSpareConnections(agent, { maxSpares: 0, idleTimeoutMs: 1 });
    expect((agent as unknown as { createConnection: unknown }).createConnection).toBe(create);
    expect(none.count).toBe(0);
  });
});
