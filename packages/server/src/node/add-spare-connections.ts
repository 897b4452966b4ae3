import type { Agent as HttpAgent } from 'node:http';
import type { Socket } from 'node:net';
import { TLSSocket } from 'node:tls';

/** Options for {@link addSpareConnections}. */
export interface SpareConnectionOptions {
  /** The most spares kept opening or open at once, per origin; 0 adds none. */
  maxSpares: number;
  /** A spare nobody took in this long is closed. */
  idleTimeoutMs: number;
}

/** The spares of one agent. */
export interface SpareConnections {
  /** Spares open or opening now, over all origins. */
  readonly count: number;
  /**
   * Whether the agent got this socket as a spare. Like a reused idle connection, a spare may be
   * closed by the server just as a request is written to it: a caller that sends such a request
   * again (as undici does) should do so for a spare too.
   */
  wasSpare(socket: Socket): boolean;
  /** Closes the spares and opens no more; the agent then connects as it did before. */
  destroy(): void;
}

/** The documented hook (`agent.createConnection`), as the agent calls it. */
type CreateConnection = (
  options: Record<string, unknown>,
  callback?: (error: Error | null, socket: Socket) => void,
) => Socket | undefined;

/** One origin's spares, and how many it keeps. */
interface Origin {
  spares: Set<Socket>;
  level: number;
}

/** A spare while nobody has it: where it goes, since when, and whether its handshake is done. */
interface Spare {
  socket: Socket;
  origin: Origin;
  openedAt: number;
  isReady: boolean;
}

/**
 * Opens connections ahead for an agent whose pool runs dry. An agent opens a connection only
 * when it has no idle one for the request's origin, and that request then waits for the
 * handshake (a TCP round trip; with TLS one or two more) and the upstream's accept queue before
 * its first byte is sent: in a rise of traffic, every new chat pays it on its first token.
 * Here, each time the agent needs a connection it takes a spare opened earlier, connected or
 * nearly, and another is opened in its place, so the handshake leaves the chats' path (Envoy's
 * "preconnect", for the same reason).
 *
 * How many spares an origin keeps follows its traffic: twice as many (at least one) each time a
 * connection was needed and no spare was ready (none, or one still in its handshake: they are
 * opened too late), up to `maxSpares`; one fewer each time a spare is lost unused —
 * idle past `idleTimeoutMs`, refused, ended or sent bytes by the server. A quiet server so ends
 * with none, and an upstream that refuses connections gets at most one attempt ahead per request.
 *
 * Spares are made by the agent's own `createConnection` with the options of the request that
 * needed one, so TLS options and session reuse are the agent's, and are kept per
 * `agent.getName(options)`. The agent counts a spare as its own once it hands it to a request.
 *
 * @example
 * const agent = new Agent({ keepAlive: true });
 * const spares = addSpareConnections(agent, { maxSpares: 16, idleTimeoutMs: 4_000 });
 * spares.destroy(); // at shutdown, with agent.destroy()
 */
export function addSpareConnections(
  agent: HttpAgent,
  options: SpareConnectionOptions,
): SpareConnections {
  const { maxSpares, idleTimeoutMs } = options;
  if (!Number.isSafeInteger(maxSpares) || maxSpares < 0) {
    throw new RangeError(`maxSpares must be a whole number, 0 or more; got ${maxSpares}.`);
  }
  if (!(idleTimeoutMs > 0) || !Number.isFinite(idleTimeoutMs)) {
    throw new RangeError(`idleTimeoutMs must be a positive number of ms; got ${idleTimeoutMs}.`);
  }
  if (maxSpares === 0) return { count: 0, wasSpare: () => false, destroy() {} };
  const holder = agent as unknown as { createConnection: CreateConnection };
  const create = holder.createConnection;
  const origins = new Map<string, Origin>();
  // Every spare nobody has taken, oldest first: the idle sweep stops at the first young one.
  const waiting = new Map<Socket, Spare>();
  const handedOver = new WeakSet<Socket>();
  let isDestroyed = false;
  // One timer for all the spares of this agent, not one per socket to arm and clear: a socket
  // keeps its last timer, cleared, for its whole life (`socket[kTimeout]`).
  let sweepTimer: ReturnType<typeof setTimeout> | undefined;

  // Listeners shared by every spare (the socket is `this`), not a closure and context per socket.
  function onReady(this: Socket): void {
    const spare = waiting.get(this);
    if (spare !== undefined) spare.isReady = true;
  }
  function onLost(this: Socket): void {
    const spare = waiting.get(this);
    if (spare === undefined) return;
    forget(this, spare);
    spare.origin.level = Math.max(0, spare.origin.level - 1);
    this.destroy();
  }

  const readyEvent = (socket: Socket) =>
    socket instanceof TLSSocket ? 'secureConnect' : 'connect';

  const forget = (socket: Socket, spare: Spare): void => {
    waiting.delete(socket);
    spare.origin.spares.delete(socket);
    socket.off(readyEvent(socket), onReady);
    socket.off('end', onLost);
    socket.off('close', onLost);
    // An HTTP/1.1 server says nothing unasked: bytes before a request are a closing server's 408.
    socket.off('data', onLost);
    // Taken off in the same turn the agent hands the socket to its request, which listens for
    // errors before any I/O callback can run (Node's `onSocket` tick).
    socket.off('error', onLost);
  };

  const sweep = (): void => {
    sweepTimer = undefined;
    const now = performance.now();
    for (const [socket, spare] of waiting) {
      const idleUntil = spare.openedAt + idleTimeoutMs;
      if (idleUntil > now) {
        sweepTimer = setTimeout(sweep, idleUntil - now);
        sweepTimer.unref();
        return;
      }
      onLost.call(socket);
    }
  };

  const open = (origin: Origin, connectOptions: Record<string, unknown>): boolean => {
    let socket: Socket | undefined;
    try {
      socket = create.call(agent, { ...connectOptions });
    } catch {
      // The request's own connection was made with the same options: a spare is only a bonus.
      return false;
    }
    if (socket === undefined) return false;
    origin.spares.add(socket);
    waiting.set(socket, { socket, origin, openedAt: performance.now(), isReady: false });
    socket.on(readyEvent(socket), onReady);
    socket.on('error', onLost);
    socket.on('end', onLost);
    socket.on('close', onLost);
    socket.on('data', onLost);
    if (sweepTimer === undefined) {
      sweepTimer = setTimeout(sweep, idleTimeoutMs);
      sweepTimer.unref();
    }
    // A spare must not keep the process alive.
    socket.unref();
    return true;
  };

  // The oldest spare still usable, handed over; `undefined` when there is none.
  const take = (origin: Origin): Spare | undefined => {
    for (const socket of origin.spares) {
      const spare = waiting.get(socket) as Spare;
      forget(socket, spare);
      if (socket.destroyed || !socket.writable) {
        socket.destroy();
        continue;
      }
      socket.ref();
      handedOver.add(socket);
      return spare;
    }
    return undefined;
  };

  holder.createConnection = function createConnection(connectOptions, callback) {
    if (isDestroyed) return create.call(agent, connectOptions, callback);
    const name = agent.getName(connectOptions);
    let origin = origins.get(name);
    if (origin === undefined) {
      origin = { spares: new Set(), level: 0 };
      origins.set(name, origin);
    }
    const spare = take(origin);
    if (spare === undefined || !spare.isReady) {
      origin.level = Math.min(maxSpares, Math.max(1, origin.level * 2));
    }
    // The request's own connection first: its handshake is the one being waited for.
    const socket = spare?.socket ?? create.call(agent, connectOptions, callback);
    while (origin.spares.size < origin.level && open(origin, connectOptions)) {}
    return socket;
  };

  return {
    get count() {
      return waiting.size;
    },
    wasSpare(socket) {
      return handedOver.has(socket);
    },
    destroy() {
      isDestroyed = true;
      for (const [socket, spare] of waiting) {
        forget(socket, spare);
        socket.destroy();
      }
      origins.clear();
      clearTimeout(sweepTimer);
      sweepTimer = undefined;
    },
  };
}
