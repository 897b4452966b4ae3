import { createServer, Socket } from 'node:net';
import { performance } from 'node:perf_hooks';

/** A chunk the API wrote towards nginx, as the tap saw it. */
export interface TappedChunk {
  /** `performance.now()` when the bytes left the API: what a direct client would see. */
  at: number;
  text: string;
}

/**
 * A TCP pass-through between nginx and the API. It sees every byte each way, so a test can count
 * nginx's connections to the API, read the request heads nginx sent, and time each piece of the
 * answer as it left the API, to compare with when the same piece reached the client.
 */
export interface Tap {
  /** `127.0.0.1:port`, for API_UPSTREAM. */
  hostPort: string;
  connections: number;
  /** Everything nginx wrote to the API, one string per connection. */
  requests: string[];
  /** Everything the API wrote back, in order, across connections, since the last `clear()`. */
  responses: TappedChunk[];
  clear(): void;
  close(): Promise<void>;
}

/** Starts a {@link Tap} on a free loopback port, forwarding to `target` (`host:port`). */
export async function startTap(target: string): Promise<Tap> {
  const [host = '127.0.0.1', port = '0'] = target.split(':');
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const index = tap.connections++;
    tap.requests[index] = '';
    const upstream = new Socket();
    sockets.add(client).add(upstream);
    upstream.connect(Number(port), host);
    client.on('data', (chunk: Buffer) => {
      tap.requests[index] += chunk.toString('latin1');
    });
    upstream.on('data', (chunk: Buffer) => {
      tap.responses.push({ at: performance.now(), text: chunk.toString('utf8') });
    });
    client.pipe(upstream).pipe(client);
    const end = (): void => {
      client.destroy();
      upstream.destroy();
    };
    client.on('close', end).on('error', end);
    upstream.on('close', end).on('error', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const tap: Tap = {
    hostPort: `127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`,
    connections: 0,
    requests: [],
    responses: [],
    clear() {
      tap.responses = [];
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
  return tap;
}
