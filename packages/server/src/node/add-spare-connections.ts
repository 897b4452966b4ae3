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
  // Each spare's listener for losing it, to take off when it is handed over.
  const onLost = new WeakMap<Socket, () => void>();
  // Spares whose handshake is done: taking one that is not says they are opened too late.
  const ready = new WeakSet<Socket>();
  const handedOver = new WeakSet<Socket>();
  let count = 0;
  let isDestroyed = false;

  const forget = (origin: Origin, socket: Socket): boolean => {
    if (!origin.spares.delete(socket)) return false;
    count--;
    const listener = onLost.get(socket);
    if (listener !== undefined) {
      socket.off('end', listener);
      socket.off('close', listener);
      socket.off('data', listener);
      socket.off('timeout', listener);
    }
    return true;
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
    count++;
    const lost = () => {
      if (!forget(origin, socket)) return;
      origin.level = Math.max(0, origin.level - 1);
      socket.destroy();
    };
    onLost.set(socket, lost);
    socket.once(socket instanceof TLSSocket ? 'secureConnect' : 'connect', () => ready.add(socket));
    // Stays after a hand-over: until the agent's own is on, an error must not go unheard.
    socket.on('error', lost);
    socket.once('end', lost);
    socket.once('close', lost);
    // An HTTP/1.1 server says nothing unasked: bytes before a request are a closing server's 408.
    socket.once('data', lost);
    socket.once('timeout', lost);
    socket.setTimeout(idleTimeoutMs);
    // A spare must not keep the process alive.
    socket.unref();
    return true;
  };

  const take = (origin: Origin): Socket | undefined => {
    for (const socket of origin.spares) {
      forget(origin, socket);
      if (socket.destroyed || !socket.writable) {
        socket.destroy();
        continue;
      }
      socket.setTimeout(0);
      socket.ref();
      handedOver.add(socket);
      return socket;
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
    if (spare === undefined || !ready.has(spare)) {
      origin.level = Math.min(maxSpares, Math.max(1, origin.level * 2));
    }
    // The request's own connection first: its handshake is the one being waited for.
    const socket = spare ?? create.call(agent, connectOptions, callback);
    while (origin.spares.size < origin.level && open(origin, connectOptions)) {}
    return socket;
  };

  return {
    get count() {
      return count;
    },
    wasSpare(socket) {
      return handedOver.has(socket);
    },
    destroy() {
      isDestroyed = true;
      for (const origin of origins.values()) {
        for (const socket of origin.spares) {
          forget(origin, socket);
          socket.destroy();
        }
      }
      origins.clear();
    },
  };
}
