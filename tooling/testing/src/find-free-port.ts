import { createServer } from 'node:net';

/**
 * Asks the kernel for a free loopback port, for programs such as nginx that cannot report the
 * port they got when told to listen on 0.
 *
 * @example
 * const port = await findFreePort(); // e.g. 41873
 */
export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
