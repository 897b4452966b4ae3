import { get, type IncomingMessage } from 'node:http';
import { type AddressInfo, createServer, type Server } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRawHeader } from './read-raw-header.js';

describe('readRawHeader', () => {
  it('finds a header whatever its case, and is undefined when it is absent', () => {
    const raw = ['Content-Type', 'text/event-stream', 'KEEP-ALIVE', 'timeout=5'];
    expect(readRawHeader(raw, 'keep-alive')).toBe('timeout=5');
    expect(readRawHeader(raw, 'content-type')).toBe('text/event-stream');
    expect(readRawHeader(raw, 'content-encoding')).toBeUndefined();
    // A value is never taken for a name.
    expect(readRawHeader(['x-name', 'keep-alive'], 'keep-alive')).toBeUndefined();
  });

  describe('on responses Node parsed', () => {
    // Each connection answers with the header lines its request's path asks for.
    let server: Server;
    let port: number;
    beforeAll(async () => {
      server = createServer((socket) => {
        socket.once('data', (request) => {
          const path = /^GET \/(\S*)/.exec(request.toString('latin1'))?.[1] ?? '';
          const lines = decodeURIComponent(path);
          socket.end(`HTTP/1.1 200 OK\r\n${lines}Content-Length: 0\r\nConnection: close\r\n\r\n`);
        });
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      port = (server.address() as AddressInfo).port;
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    const respond = (lines: string) =>
      new Promise<IncomingMessage>((resolve, reject) => {
        get({ port, host: '127.0.0.1', path: `/${encodeURIComponent(lines)}` }, (response) => {
          response.resume();
          resolve(response);
        }).on('error', reject);
      });

    it('reads what IncomingMessage.headers reads, repeats joined', async () => {
      const name = fc.constantFrom('Content-Encoding', 'content-encoding', 'Keep-Alive', 'X-Other');
      const value = fc.stringMatching(/^[\w=,;. -]{0,12}$/);
      await fc.assert(
        fc.asyncProperty(fc.array(fc.tuple(name, value), { maxLength: 6 }), async (pairs) => {
          const response = await respond(pairs.map(([n, v]) => `${n}: ${v}\r\n`).join(''));
          for (const wanted of ['content-encoding', 'keep-alive', 'x-other']) {
            expect(readRawHeader(response.rawHeaders, wanted)).toBe(response.headers[wanted]);
          }
        }),
        { numRuns: 60 },
      );
    });
  });
});
