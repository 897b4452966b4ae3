import { type ChildProcess, spawn } from 'node:child_process';
import { Server, type Socket } from 'node:net';

/** Options of {@link addAcceptors}. */
export interface AddAcceptorsOptions {
  /** How long the helper process may take to hand the listening socket back. Default 5 s. */
  timeoutMs?: number;
  /**
   * The backlog `server` listens with. Every acceptor listens on the same kernel socket, and
   * Linux's `listen()` on it sets the length of its queue again: without this, each acceptor puts
   * back Node's default (511) in place of a longer queue the server asked for. Default 511.
   */
  backlog?: number;
}

// The helper: sends every handle it gets straight back and closes its own copy (a listening
// socket open in another process would take connections nobody serves), and exits with its channel.
const ECHO_HANDLES =
  "process.on('message',(m,h)=>process.send(m,h,()=>h.close()));process.on('disconnect',()=>process.exit(0));";

/**
 * Gives a listening server `count` more acceptors: servers on duplicates of its listening socket,
 * each handing what it accepts to `server` (its `connection` listeners, so an `http.Server`
 * serves it as its own), set up as `server` sets up its own sockets (Nagle off for an
 * `http.Server`, half-open kept, TCP keep-alive as configured). Since libuv 1.45 (Node 20.3), a
 * listener accepts one connection per event-loop turn; a server busy with thousands of streams
 * turns a few dozen times a second, so new connections waited in the kernel's queue for seconds,
 * and once it overflowed, for the client's SYN-ACK retransmits. Each duplicate is polled on its
 * own: `count + 1` accepts a turn.
 *
 * Node has no call that duplicates a descriptor, so a helper process does what the cluster
 * module does: it gets the listening handle over an IPC channel (a duplicate, by SCM_RIGHTS) and
 * sends it back (another one), once per acceptor, then exits. The handle travels raw, as the
 * cluster module sends it: the helper never listens on it, so it can accept nothing. When that
 * fails (no IPC, a platform that cannot pass the handle, a timeout), this resolves with what it
 * got, possibly none: the server keeps working with its own listener.
 *
 * Close the acceptors with the server: `server.close()` does not know about them, and until
 * they close, the port still takes connections.
 *
 * @example
 * const { createServer } = await import('node:http');
 * const server = createServer((_request, reply) => reply.end('ok'));
 * await new Promise<void>((resolve) => server.listen({ port: 8787, backlog: 4096 }, resolve));
 * // 4 connections accepted per turn, from the queue of 4,096 the server asked for
 * const acceptors = await addAcceptors(server, 3, { backlog: 4096 });
 * // On shutdown: stop accepting everywhere.
 * server.close();
 * for (const acceptor of acceptors) acceptor.close();
 */
export async function addAcceptors(
  server: Server,
  count: number,
  options: AddAcceptorsOptions = {},
): Promise<Server[]> {
  // `_handle` is the listening handle, as `server.listen(handle)` takes it (Node's net docs).
  const handle = (server as unknown as { _handle?: object | null })._handle;
  if (count <= 0 || !server.listening || handle == null) return [];
  const helper = spawn(process.execPath, ['-e', ECHO_HANDLES], {
    stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
    // The helper needs nothing of the parent's preloads and flags.
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  // A helper that cannot start (or fails later) leaves the server as it is, never crashes it.
  const failed = new Promise((resolve) => helper.on('error', resolve));
  const acceptors: Server[] = [];
  let isComplete = false;
  try {
    for (let index = 0; index < count; index++) {
      const duplicate = await echoHandle(helper, handle, options.timeoutMs ?? 5_000);
      if (duplicate === undefined) break;
      const acceptor = await listenOn(duplicate, acceptOptionsOf(server), options.backlog);
      if (acceptor === undefined) break;
      acceptor.on('connection', (socket: Socket) => handOver(acceptor, server, socket));
      // An accept error (EMFILE is handled by libuv) must not crash the process.
      acceptor.on('error', (error) => server.emit('error', error));
      acceptors.push(acceptor);
    }
    isComplete = acceptors.length === count;
  } finally {
    // Gone before this resolves: its copies of the socket with it.
    const exited = Promise.race([
      failed,
      new Promise((resolve) => {
        if (helper.exitCode !== null || helper.signalCode !== null) resolve(undefined);
        else helper.once('exit', resolve);
      }),
    ]);
    let kill: NodeJS.Timeout | undefined;
    if (isComplete) {
      // Nothing in flight: the helper exits with its channel.
      helper.disconnect();
      kill = setTimeout(() => helper.kill('SIGKILL'), 1_000);
    } else {
      // A reply may still be on its way. Node would answer one that comes after `disconnect()`
      // on the closed channel and fail an internal assertion, and a duplicate nobody listens on
      // would keep the port bound: close what still comes, and end the helper without a word.
      helper.on('message', (_message, late) =>
        (late as { close?: () => void } | undefined)?.close?.(),
      );
      helper.kill('SIGKILL');
    }
    await exited;
    clearTimeout(kill);
  }
  return acceptors;
}

/** What Node's net.Server counts a connection with: each socket decrements its `_server`'s. */
interface ConnectionCount {
  _connections?: number;
  maxConnections?: number;
}

/**
 * Makes a connection an acceptor took the server's own: counted by the server (its
 * `getConnections()`, and its `close()` callback waits for it, as Node's `onconnection` counts
 * its own), under its `maxConnections`, and handed to its `connection` listeners.
 */
function handOver(acceptor: Server, server: Server, socket: Socket): void {
  const from = acceptor as unknown as ConnectionCount;
  const to = server as unknown as ConnectionCount;
  const owned = socket as unknown as { _server?: unknown; server?: unknown };
  if (typeof from._connections === 'number' && typeof to._connections === 'number') {
    if (to.maxConnections != null && to._connections >= to.maxConnections) {
      socket.destroy();
      return;
    }
    from._connections--;
    to._connections++;
    owned._server = server;
    owned.server = server;
  }
  server.emit('connection', socket);
}

/** The options a `net.Server` keeps and applies to every socket it accepts. */
interface AcceptOptions {
  allowHalfOpen?: boolean;
  pauseOnConnect?: boolean;
  noDelay?: boolean;
  keepAlive?: boolean;
  keepAliveInitialDelay?: number;
  highWaterMark?: number;
}

/**
 * What `server` does to each socket it accepts, for its acceptors to do the same: an `http.Server`
 * turns Nagle's algorithm off (`noDelay`) and keeps half-open sockets for its own handling. An
 * acceptor made with none of them left Nagle on: a token written while the last one was not yet
 * acknowledged waited for the reader's delayed ACK (40 ms on Linux).
 */
function acceptOptionsOf(server: Server): AcceptOptions {
  const kept = server as unknown as AcceptOptions;
  return {
    allowHalfOpen: kept.allowHalfOpen,
    pauseOnConnect: kept.pauseOnConnect,
    noDelay: kept.noDelay,
    keepAlive: kept.keepAlive,
    // Kept in seconds, taken in milliseconds.
    keepAliveInitialDelay:
      kept.keepAliveInitialDelay === undefined ? undefined : kept.keepAliveInitialDelay * 1_000,
    highWaterMark: kept.highWaterMark,
  };
}

/** A server accepting on a duplicate of a listening handle; undefined when Node refuses it. */
function listenOn(
  duplicate: object,
  options: AcceptOptions,
  backlog: number | undefined,
): Promise<Server | undefined> {
  const acceptor = new Server(options);
  return new Promise((resolve) => {
    const onError = () => {
      acceptor.close();
      resolve(undefined);
    };
    acceptor.once('error', onError);
    // Node reads the backlog of a handle from the arguments, not from an options object.
    acceptor.listen(duplicate, backlog, () => {
      acceptor.off('error', onError);
      resolve(acceptor);
    });
  });
}

/** Sends a handle to the helper and resolves with the duplicate it sends back. */
function echoHandle(
  helper: ChildProcess,
  handle: object,
  timeoutMs: number,
): Promise<object | undefined> {
  return new Promise((resolve) => {
    const done = (duplicate: object | undefined) => {
      clearTimeout(timer);
      helper.off('message', onMessage);
      helper.off('error', onFailure);
      helper.off('exit', onFailure);
      resolve(duplicate);
    };
    const onMessage = (_message: unknown, duplicate: unknown) => {
      done(typeof duplicate === 'object' && duplicate !== null ? duplicate : undefined);
    };
    const onFailure = () => done(undefined);
    const timer = setTimeout(onFailure, timeoutMs);
    helper.on('message', onMessage);
    helper.on('error', onFailure);
    helper.on('exit', onFailure);
    try {
      // Node's types list sockets and servers; a raw handle is what the cluster module sends.
      helper.send('acceptor', handle as Server, (error) => {
        if (error) onFailure();
      });
    } catch {
      onFailure();
    }
  });
}
