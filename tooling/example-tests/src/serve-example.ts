import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ExampleServer } from './describe-example.js';

/**
 * Listens with a `node:http` server on a free port of 127.0.0.1 and hands it to the suite as an
 * {@link ExampleServer} whose `close` also ends open streams.
 *
 * @example
 * describeExample('the Express example', (options) =>
 *   serveExample(createServer(createApp(options))),
 * );
 */
export async function serveExample(server: Server, path = '/chat'): Promise<ExampleServer> {
  if (!server.listening) {
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
  }
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${path}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
