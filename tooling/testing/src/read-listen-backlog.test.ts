import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { readListenBacklog } from './read-listen-backlog.js';

let server: Server | undefined;

afterEach(async () => {
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = undefined;
});

describe('readListenBacklog', () => {
  it('reads the backlog a server listens with', async () => {
    server = createServer();
    await new Promise<void>((resolve) =>
      server?.listen({ port: 0, host: '127.0.0.1', backlog: 123 }, resolve),
    );
    expect(readListenBacklog((server.address() as { port: number }).port)).toBe(123);
  });

  it('says so when nothing listens on the port', async () => {
    server = createServer();
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    await new Promise((resolve) => server?.close(resolve));
    server = undefined;
    expect(() => readListenBacklog(port)).toThrow(/no listening socket on port/);
  });
});
