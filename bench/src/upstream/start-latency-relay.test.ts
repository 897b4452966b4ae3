import { once } from 'node:events';
import { type AddressInfo, connect, createServer, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { type LatencyRelay, startLatencyRelay } from './start-latency-relay.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** An echo server: what it reads it writes back, and it ends when the client ends. */
async function startEcho(): Promise<number> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.pipe(socket);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  );
  return (server.address() as AddressInfo).port;
}

async function relayTo(targetPort: number, delayMs: number): Promise<LatencyRelay> {
  const relay = await startLatencyRelay({ targetPort, delayMs });
  cleanups.push(() => relay.close());
  return relay;
}

describe('startLatencyRelay', () => {
  it('carries bytes both ways in order, each way delayed, and passes the end on', async () => {
    const relay = await relayTo(await startEcho(), 40);
    const client = connect({ port: relay.port, host: '127.0.0.1' });
    await once(client, 'connect');
    const received: Buffer[] = [];
    client.on('data', (chunk: Buffer) => received.push(chunk));
    const sentAt = performance.now();
    const pieces = Array.from({ length: 50 }, (_, index) => `piece ${index};`);
    for (const piece of pieces) client.write(piece);
    client.end();
    await once(client, 'end');
    // There and back: two delays (the timers may fire a little early, never a round trip early).
    expect(performance.now() - sentAt).toBeGreaterThanOrEqual(79);
    expect(Buffer.concat(received).toString()).toBe(pieces.join(''));
  });

  it('holds each chunk for the delay after it was sent, not after the first', async () => {
    const relay = await relayTo(await startEcho(), 30);
    const client = connect({ port: relay.port, host: '127.0.0.1' });
    await once(client, 'connect');
    const arrivals: number[] = [];
    client.on('data', () => arrivals.push(performance.now()));
    const firstAt = performance.now();
    client.write('a');
    await new Promise((resolve) => setTimeout(resolve, 100));
    const secondAt = performance.now();
    client.write('b');
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(arrivals).toHaveLength(2);
    expect((arrivals[0] as number) - firstAt).toBeGreaterThanOrEqual(59);
    expect((arrivals[1] as number) - secondAt).toBeGreaterThanOrEqual(59);
    client.destroy();
  });

  it('closes the client when the target cannot be reached', async () => {
    const unused = createServer();
    unused.listen(0, '127.0.0.1');
    await once(unused, 'listening');
    const port = (unused.address() as AddressInfo).port;
    await new Promise<void>((resolve) => unused.close(() => resolve()));
    const relay = await relayTo(port, 5);
    const client = connect({ port: relay.port, host: '127.0.0.1' });
    client.on('error', () => {});
    await once(client, 'close');
    expect(client.destroyed).toBe(true);
  });

  it('refuses a negative delay', async () => {
    await expect(startLatencyRelay({ targetPort: 1, delayMs: -1 })).rejects.toThrow(/delayMs/);
  });
});
