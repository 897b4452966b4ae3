import type { AddressInfo } from 'node:net';
import { createConnection, createServer, type Socket } from 'node:net';

/** A TCP relay on loopback that delays everything it carries (see {@link startLatencyRelay}). */
export interface LatencyRelay {
  readonly port: number;
  close(): Promise<void>;
}

/** Options for {@link startLatencyRelay}. */
export interface LatencyRelayOptions {
  /** Where each connection is relayed to, on 127.0.0.1. */
  targetPort: number;
  /** Milliseconds each chunk waits, in each direction: a round trip costs twice this. */
  delayMs: number;
}

/**
 * Starts a TCP relay on 127.0.0.1 that holds every chunk `delayMs` before passing it on, in both
 * directions and in order, ends included: a server `2 × delayMs` of round trip away, as a model
 * provider is. In front of a TLS server, its handshake pays that round trip, as a new connection
 * to a provider does; the relay accepts at once, so TCP's own handshake does not (a real one would
 * cost one more). A write the far side cannot take pauses the reading side until it drains.
 *
 * @example
 * const relay = await startLatencyRelay({ targetPort: upstream.port, delayMs: 10 });
 * // connect to relay.port: every byte arrives 10 ms later than it was sent
 * await relay.close();
 */
export async function startLatencyRelay(options: LatencyRelayOptions): Promise<LatencyRelay> {
  const { targetPort, delayMs } = options;
  if (!(delayMs >= 0) || !Number.isFinite(delayMs)) {
    throw new RangeError(`delayMs must be 0 or more, got ${delayMs}.`);
  }
  const sockets = new Set<Socket>();
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  };
  // Half-open allowed: an end is passed on when its delay is up, not at once by Node.
  const server = createServer({ allowHalfOpen: true }, (client) => {
    const target = createConnection({ port: targetPort, host: '127.0.0.1', allowHalfOpen: true });
    track(client);
    track(target);
    for (const socket of [client, target]) {
      socket.setNoDelay(true);
      // Either side failing takes the other down with it at once, as a lost path would; an end
      // or a close is passed on in its turn, after what was sent before it.
      socket.on('error', () => {
        client.destroy();
        target.destroy();
      });
    }
    delay(client, target, delayMs);
    delay(target, client, delayMs);
  });
  await new Promise<void>((resolve) =>
    server.listen({ port: 0, host: '127.0.0.1', backlog: 4096 }, resolve),
  );
  const { port } = server.address() as AddressInfo;
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** `null` stands for the end of the stream. */
type Held = { dueAt: number; chunk: Buffer | null };

/** Passes what `from` reads to `to`, each chunk (and the end) `delayMs` later, in order. */
function delay(from: Socket, to: Socket, delayMs: number): void {
  const held: Held[] = [];
  let isScheduled = false;
  const release = () => {
    isScheduled = false;
    const now = performance.now();
    while (held.length > 0 && (held[0] as Held).dueAt <= now + 0.5) {
      const { chunk } = held.shift() as Held;
      if (to.destroyed) return;
      if (chunk === null) {
        // The far side's own end (or a close) then closes its socket once both ways are done.
        to.end();
        return;
      }
      if (!to.write(chunk) && !from.isPaused()) {
        from.pause();
        to.once('drain', () => from.resume());
      }
    }
    if (held.length > 0) {
      isScheduled = true;
      setTimeout(release, (held[0] as Held).dueAt - now);
    }
  };
  const hold = (chunk: Buffer | null) => {
    held.push({ dueAt: performance.now() + delayMs, chunk });
    if (isScheduled) return;
    isScheduled = true;
    setTimeout(release, delayMs);
  };
  let isEnded = false;
  const holdEnd = () => {
    if (isEnded) return;
    isEnded = true;
    hold(null);
  };
  from.on('data', (chunk: Buffer) => hold(chunk));
  from.once('end', holdEnd);
  from.once('close', holdEnd);
}
