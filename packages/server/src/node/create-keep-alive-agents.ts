import { Agent as HttpAgent, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type { Socket } from 'node:net';
import { addSpareConnections } from './add-spare-connections.js';
import { readRawHeader } from './read-raw-header.js';

/** Options for {@link createKeepAliveAgents}; see `NodeFetchOptions`, which documents them. */
export interface KeepAliveAgentOptions {
  maxFreeSockets?: number;
  idleTimeoutMs?: number;
  maxIdleTimeoutMs?: number;
  maxSpareConnections?: number;
}

/** The pools of {@link createKeepAliveAgents}. */
export interface KeepAliveAgents {
  http: HttpAgent;
  https: HttpsAgent;
  /** Hears a response's `Keep-Alive` header before its socket returns to the pool. */
  noteResponse(incoming: IncomingMessage): void;
  /** Whether a request's new socket was a connection opened ahead (see `addSpareConnections`). */
  wasSpare(socket: Socket): boolean;
  destroy(): void;
}

/** TCP keep-alive probes' initial delay on pooled sockets: Node's default, set explicitly. */
const KEEP_ALIVE_MSECS = 1_000;
/** Connections opened ahead per origin, at most; see `NodeFetchOptions.maxSpareConnections`. */
const DEFAULT_MAX_SPARES = 16;
/** Subtracted from the server's hint: the client must close first, or reuse a closing socket. */
const HINT_MARGIN_MS = 1_000;

/**
 * Keep-alive pools whose idle connections live as undici's do: `idleTimeoutMs` when the server
 * gives no hint, and its `Keep-Alive: timeout=N` hint less one second when it does, longer or
 * shorter, up to `maxIdleTimeoutMs`. Node's agent takes one timeout that caps the hint as well,
 * so a 4 s default closed connections a server offered to keep for a minute: traffic that came
 * back after a lull (the bench's S7, every 5 s) reconnected hundreds of them at once.
 *
 * @example
 * const pool = createKeepAliveAgents({ idleTimeoutMs: 4_000 });
 * request({ host: 'api.example', agent: pool.http }).on('response', pool.noteResponse);
 */
export function createKeepAliveAgents(options: KeepAliveAgentOptions = {}): KeepAliveAgents {
  const maxIdleTimeoutMs = checkedMs('maxIdleTimeoutMs', options.maxIdleTimeoutMs ?? 600_000);
  const idleTimeoutMs = Math.min(
    checkedMs('idleTimeoutMs', options.idleTimeoutMs ?? 4_000),
    maxIdleTimeoutMs,
  );
  // The last hint each pooled socket's server gave, in ms; absent: no hint.
  const hints = new WeakMap<Socket, number>();
  const agentOptions = {
    keepAlive: true,
    keepAliveMsecs: KEEP_ALIVE_MSECS,
    maxFreeSockets: options.maxFreeSockets ?? Number.POSITIVE_INFINITY,
    // Node installs its idle-timeout listener only for an agent with a timeout; the value per
    // socket is set below.
    timeout: maxIdleTimeoutMs,
  };
  // `keepSocketAlive` is the documented hook for this; the first two lines are its default.
  function keepSocketAlive(socket: Socket): boolean {
    socket.setKeepAlive(true, KEEP_ALIVE_MSECS);
    socket.unref();
    const hintMs = hints.get(socket);
    const timeoutMs =
      hintMs === undefined ? idleTimeoutMs : Math.min(hintMs - HINT_MARGIN_MS, maxIdleTimeoutMs);
    if (timeoutMs <= 0) return false;
    if (socket.timeout !== timeoutMs) socket.setTimeout(timeoutMs);
    return true;
  }
  const http = new HttpAgent(agentOptions);
  const https = new HttpsAgent(agentOptions);
  http.keepSocketAlive = keepSocketAlive;
  https.keepSocketAlive = keepSocketAlive;
  const maxSpares = options.maxSpareConnections ?? DEFAULT_MAX_SPARES;
  if (!Number.isSafeInteger(maxSpares) || maxSpares < 0) {
    throw new RangeError(
      `maxSpareConnections must be a whole number, 0 or more; got ${maxSpares}.`,
    );
  }
  // A spare lives as an idle pooled connection would; with no idle time, none is kept ahead.
  const spareOptions = {
    maxSpares: idleTimeoutMs > 0 ? maxSpares : 0,
    idleTimeoutMs: Math.max(idleTimeoutMs, 1),
  };
  const spares = [
    addSpareConnections(http, spareOptions),
    addSpareConnections(https, spareOptions),
  ];
  return {
    http,
    https,
    noteResponse(incoming) {
      const { socket } = incoming;
      const header = readRawHeader(incoming.rawHeaders, 'keep-alive');
      const hintMs = typeof header === 'string' ? readTimeoutHintMs(header) : undefined;
      if (hintMs === undefined) hints.delete(socket);
      else hints.set(socket, hintMs);
    },
    wasSpare(socket) {
      return spares.some((pool) => pool.wasSpare(socket));
    },
    destroy() {
      for (const pool of spares) pool.destroy();
      http.destroy();
      https.destroy();
    },
  };
}

/** `timeout=N` of a `Keep-Alive` header (seconds) in ms; any other parameter is ignored. */
export function readTimeoutHintMs(header: string): number | undefined {
  const match = /(?:^|[\s,;])timeout\s*=\s*(\d+)/i.exec(header);
  return match === null ? undefined : Number(match[1]) * 1000;
}

function checkedMs(name: string, value: number): number {
  if (!(value >= 0) || !Number.isFinite(value)) {
    throw new RangeError(`${name} must be a finite number of ms, 0 or more; got ${value}.`);
  }
  return value;
}
