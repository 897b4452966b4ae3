import { createServer as createHttpServer } from 'node:http';
import { type AddressInfo, connect, createServer, type Server, type Socket } from 'node:net';
import { readListenBacklog } from '@tokenwire/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { addAcceptors } from './add-acceptors.js';

const CONNECTIONS = 40;

const open: Server[] = [];
const sockets: Socket[] = [];

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  await Promise.all(
    open.splice(0).map((server) => new Promise((resolve) => server.close(resolve))),
  );
});

/** Listens on a free port; `backlog` undefined is Node's default. */
async function listening<T extends Server>(server: T, backlog?: number): Promise<T> {
  open.push(server);
  await new Promise<void>((resolve) =>
    server.listen({ port: 0, host: '127.0.0.1', backlog }, resolve),
  );
  return server;
}

const portOf = (server: Server) => (server.address() as AddressInfo).port;

/** 'connected' while anything listens on the port, else the connect error's code. */
const reach = (port: number) =>
  new Promise<string>((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.on('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
  });

/**
 * Opens `CONNECTIONS` connections in one tick, so all wait in the kernel's queue before the next
 * poll, then counts how many the process accepted in each event-loop turn until all are in.
 */
async function acceptsPerTurn(port: number, accepted: () => number): Promise<number[]> {
  for (let index = 0; index < CONNECTIONS; index++) {
    const socket = connect(port, '127.0.0.1');
    socket.on('error', () => {});
    sockets.push(socket);
  }
  const perTurn: number[] = [];
  let before = accepted();
  // Each immediate ends one turn, and the next turn polls once.
  for (let turn = 0; turn < 10 * CONNECTIONS && accepted() < CONNECTIONS; turn++) {
    await new Promise((resolve) => setImmediate(resolve));
    perTurn.push(accepted() - before);
    before = accepted();
  }
  return perTurn;
}

describe('addAcceptors', () => {
  it('accepts one connection per event-loop turn without acceptors (the premise)', async () => {
    let accepted = 0;
    const server = await listening(createServer(() => accepted++));
    const perTurn = await acceptsPerTurn(portOf(server), () => accepted);
    expect(accepted).toBe(CONNECTIONS);
    expect(Math.max(...perTurn)).toBe(1);
  });

  it('accepts count + 1 connections per turn, all handed to the server', async () => {
    let accepted = 0;
    const server = await listening(createServer(() => accepted++));
    const acceptors = await addAcceptors(server, 3);
    open.push(...acceptors);
    expect(acceptors).toHaveLength(3);
    const perTurn = await acceptsPerTurn(portOf(server), () => accepted);
    expect(accepted).toBe(CONNECTIONS);
    expect(Math.max(...perTurn)).toBe(4);
  });

  it('lets an http.Server answer what its acceptors accept', async () => {
    const server = await listening(createHttpServer((_request, response) => response.end('ok')));
    const acceptors = await addAcceptors(server, 2);
    open.push(...acceptors);
    let viaAcceptors = 0;
    for (const acceptor of acceptors) acceptor.on('connection', () => viaAcceptors++);
    const answers = await Promise.all(
      Array.from(
        { length: 20 },
        () =>
          new Promise<string>((resolve, reject) => {
            const socket = connect(portOf(server), '127.0.0.1', () => {
              socket.end('GET / HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n');
            });
            let text = '';
            socket.setEncoding('utf8');
            socket.on('data', (chunk: string) => {
              text += chunk;
            });
            socket.on('end', () => resolve(text));
            socket.on('error', reject);
          }),
      ),
    );
    for (const answer of answers) {
      expect(answer.startsWith('HTTP/1.1 200')).toBe(true);
      expect(answer.endsWith('ok')).toBe(true);
    }
    // Queued at once, the connections were taken by the duplicates as well.
    expect(viaAcceptors).toBeGreaterThan(0);
    expect(viaAcceptors).toBeLessThan(20);
  });

  it('sets up what its acceptors accept as the server does its own: Nagle off, half-open kept', async () => {
    const optionsOf = (socket: Socket) => {
      const symbols = new Map(
        Object.getOwnPropertySymbols(socket).map((symbol) => [symbol.description, symbol]),
      );
      const read = (name: string) => {
        const symbol = symbols.get(name);
        if (symbol === undefined) throw new Error(`this Node's sockets have no ${name}`);
        return (socket as unknown as Record<symbol, unknown>)[symbol];
      };
      return {
        allowHalfOpen: socket.allowHalfOpen,
        noDelay: read('kSetNoDelay'),
        keepAlive: read('kSetKeepAlive'),
        keepAliveInitialDelay: read('kSetKeepAliveInitialDelay'),
      };
    };
    /** Each connection's options, by who accepted it: the server's own listener or an acceptor. */
    const acceptedBy = async (server: Server) => {
      const fromAcceptors = new WeakSet<Socket>();
      const seen = {
        own: [] as ReturnType<typeof optionsOf>[],
        viaAcceptors: [] as ReturnType<typeof optionsOf>[],
      };
      server.prependListener('connection', (socket: Socket) => {
        (fromAcceptors.has(socket) ? seen.viaAcceptors : seen.own).push(optionsOf(socket));
      });
      const acceptors = await addAcceptors(server, 3);
      open.push(...acceptors);
      for (const acceptor of acceptors) {
        acceptor.prependListener('connection', (socket: Socket) => fromAcceptors.add(socket));
      }
      await acceptsPerTurn(portOf(server), () => seen.own.length + seen.viaAcceptors.length);
      expect(seen.own.length).toBeGreaterThan(0);
      expect(seen.viaAcceptors.length).toBeGreaterThan(0);
      return [...seen.own, ...seen.viaAcceptors];
    };

    const server = await listening(
      createServer({ noDelay: true, keepAlive: true, keepAliveInitialDelay: 3_000 }),
    );
    for (const options of await acceptedBy(server)) {
      expect(options).toEqual({
        allowHalfOpen: false,
        noDelay: true,
        keepAlive: true,
        keepAliveInitialDelay: 3,
      });
    }
    // An http.Server turns Nagle off and is half-open at the TCP level (it ends sockets itself).
    const httpServer = await listening(createHttpServer());
    for (const options of await acceptedBy(httpServer)) {
      expect(options).toMatchObject({ allowHalfOpen: true, noDelay: true });
    }
  });

  it('counts what the acceptors take as the server’s connections; its close waits for them', async () => {
    const served: Socket[] = [];
    const server = await listening(createServer((socket) => served.push(socket)));
    const acceptors = await addAcceptors(server, 3);
    open.push(...acceptors);
    let viaAcceptors = 0;
    for (const acceptor of acceptors) acceptor.on('connection', () => viaAcceptors++);
    await acceptsPerTurn(portOf(server), () => served.length);
    expect(viaAcceptors).toBeGreaterThan(0);
    const count = () =>
      new Promise<number>((resolve, reject) =>
        server.getConnections((error, connections) =>
          error ? reject(error) : resolve(connections),
        ),
      );
    expect(await count()).toBe(CONNECTIONS);
    let isClosed = false;
    server.close(() => {
      isClosed = true;
    });
    open.splice(open.indexOf(server), 1);
    for (const acceptor of acceptors) acceptor.close();
    for (const socket of served.slice(1)) socket.destroy();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(isClosed).toBe(false);
    served[0]?.destroy();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(isClosed).toBe(true);
  });

  it('keeps the port open until the acceptors close too', async () => {
    const server = await listening(createServer((socket) => socket.end()));
    const port = portOf(server);
    const acceptors = await addAcceptors(server, 1);
    await new Promise((resolve) => server.close(resolve));
    open.splice(open.indexOf(server), 1);
    expect(await reach(port)).toBe('connected');
    await Promise.all(
      acceptors.map((acceptor) => new Promise((resolve) => acceptor.close(resolve))),
    );
    expect(await reach(port)).toBe('ECONNREFUSED');
  });

  it('leaves the server as it was when the helper does not answer in time', async () => {
    let accepted = 0;
    const server = await listening(createServer(() => accepted++));
    const port = portOf(server);
    expect(await addAcceptors(server, 2, { timeoutMs: 0 })).toEqual([]);
    const perTurn = await acceptsPerTurn(port, () => accepted);
    expect(accepted).toBe(CONNECTIONS);
    expect(Math.max(...perTurn)).toBe(1);
    // No duplicate of the socket outlives the helper: closed, the port takes nothing.
    for (const socket of sockets.splice(0)) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
    open.splice(open.indexOf(server), 1);
    expect(await reach(port)).toBe('ECONNREFUSED');
  });

  it('keeps the backlog the server listens with when given it; 511 took its place before', async () => {
    const kept = await listening(createServer(), 2048);
    expect(readListenBacklog(portOf(kept))).toBe(2048);
    open.push(...(await addAcceptors(kept, 2, { backlog: 2048 })));
    expect(readListenBacklog(portOf(kept))).toBe(2048);
    // Each acceptor's listen() sets the shared socket's queue again: Node's default without it.
    const reset = await listening(createServer(), 2048);
    open.push(...(await addAcceptors(reset, 1)));
    expect(readListenBacklog(portOf(reset))).toBe(511);
  });

  it('adds none for a count of 0 or a server that is not listening', async () => {
    const server = await listening(createServer());
    expect(await addAcceptors(server, 0)).toEqual([]);
    expect(await addAcceptors(createServer(), 2)).toEqual([]);
  });
});
